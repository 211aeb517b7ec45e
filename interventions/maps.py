"""The map of the Netherlands on /kaart/: a server-rendered SVG, no script, nothing loaded from elsewhere.

The province outlines are derived once from a registry package by
scripts/build-map-data.py into data/netherlands-map.json (licence and source
next to it); this module only reads that file and projects municipalities with
the same numbers.
"""

import functools
import json
from pathlib import Path

from django.shortcuts import render

from municipalities.models import Municipality

from . import facets

MAP_DATA = Path(__file__).resolve().parent / "data" / "netherlands-map.json"


@functools.cache
def map_data():
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


def project(latitude, longitude):
    """The SVG position of a WGS84 coordinate, with the projection the outlines were drawn in."""
    p = map_data()["projection"]
    x = (float(longitude) - p["west"]) * p["cos_lat"] * p["scale"] + p["margin"]
    y = (p["north"] - float(latitude)) * p["scale"] + p["margin"]
    return round(x, 1), round(y, 1)


@functools.cache
def province_shapes():
    """One SVG path per province: its slug and its outline."""
    shapes = []
    for province in map_data()["provinces"]:
        d = ""
        for ring in province["rings"]:
            points = [f"{ring[i]:g} {ring[i + 1]:g}" for i in range(0, len(ring), 2)]
            d += "M" + "L".join(points) + "Z"
        shapes.append({"slug": province["slug"], "d": d})
    return tuple(shapes)


def map_page(request):
    """Every municipality with a published intervention: a marker on the map and a line in the list."""
    municipalities = list(
        facets.with_count(Municipality.objects.select_related("province"), "gemeente")
        .filter(intervention_count__gt=0)
        .order_by("province__name", "name")
    )
    markers = []
    for municipality in municipalities:
        if municipality.latitude is None or municipality.longitude is None:
            continue
        x, y = project(municipality.latitude, municipality.longitude)
        markers.append({"municipality": municipality, "x": x, "y": y})
    # Keyboard order follows reading order: north to south, then west to east.
    markers.sort(key=lambda marker: (marker["y"], marker["x"]))
    data = map_data()
    ctx = {
        "municipalities": municipalities,
        "markers": markers,
        "unmapped": [m for m in municipalities if m.latitude is None or m.longitude is None],
        "provinces": province_shapes(),
        "width": data["width"],
        "height": data["height"],
    }
    return render(request, "map/map.html", ctx)
