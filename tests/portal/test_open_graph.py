"""What a link to the portal shows when shared: Open Graph tags that match each page's title and description."""

import html
import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from interventions.models import Intervention
from tests.helpers.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

SITE = "GKA-kennisbank kansengelijkheid"
# The first 35 words of G-Town's context in the bundle, as the meta description gives them.
OG_DESCRIPTION_G_TOWN = (
    "Eind 2019 werd een school in Gorinchem opgeschrikt door een grote vechtpartij met kopschoppen. Het incident "
    "riep bij de schoolleiding vragen op. Hoe goed kennen wij onze leerlingen eigenlijk, en hoe goed kennen zij "
    "zichzelf …"
)


def meta(body):
    """Every <meta property|name=... content=...> of the page, by property or name; a repeat is an error."""
    found = {}
    for key, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', body):
        assert key not in found, f"{key} appears twice"
        found[key] = html.unescape(content)
    return found


def title(body):
    return html.unescape(re.search(r"<title>(.*?)</title>", body, re.S).group(1))


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_page_type_shares_its_own_title_and_description(visitor, path):
    response = visitor.get(path)
    body = response.content.decode()
    tags = meta(body)
    assert title(body) == f"{tags['og:title']} | {SITE}"
    assert tags["og:title"].strip() and tags["og:title"] == tags["og:title"].strip()
    assert tags["og:description"] == tags["description"]
    assert len(tags["og:description"]) > 40
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', body).group(1)
    assert tags["og:url"] == canonical
    assert canonical.startswith("http://testserver/")
    assert tags["og:locale"] == "nl_NL"
    assert tags["og:site_name"] == SITE
    # An intervention's page (of any kind) is an article; lists, places and the rest are the website.
    is_intervention = re.fullmatch(r"/interventies/[^/?]+/", path) and response.status_code == 200
    assert tags["og:type"] == ("article" if is_intervention else "website")
    assert "og:image" not in tags  # no page of the bundle has an image yet


def test_the_home_page_shares_the_portal(visitor):
    tags = meta(visitor.get("/").content.decode())
    assert {key: value for key, value in tags.items() if key.startswith("og:")} == {
        "og:title": "Wat werkt voor kansengelijkheid in het onderwijs",
        "og:description": (
            "Interventies, lessen en ervaringen uit het netwerk van de Gelijke Kansen Alliantie: wat werkt voor "
            "kansengelijkheid in het onderwijs."
        ),
        "og:type": "website",
        "og:locale": "nl_NL",
        "og:site_name": SITE,
        "og:url": "http://testserver/",
    }


def test_an_intervention_shares_its_title_and_the_start_of_its_context(visitor):
    body = visitor.get("/interventies/g-town/").content.decode()
    tags = meta(body)
    assert title(body) == f"G-Town: jongeren leren zichzelf en de ander kennen | {SITE}"
    assert tags["og:title"] == "G-Town: jongeren leren zichzelf en de ander kennen"
    assert tags["og:description"] == OG_DESCRIPTION_G_TOWN
    assert tags["og:url"] == "http://testserver/interventies/g-town/"
    assert tags["og:type"] == "article"


def test_an_intervention_with_an_image_shares_it_by_its_absolute_address(visitor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    g_town = Intervention.objects.get(slug="g-town")
    png = io.BytesIO()
    Image.new("RGB", (1200, 630), (21, 66, 115)).save(png, "PNG")
    g_town.image.save("g-town.png", ContentFile(png.getvalue()), save=False)
    g_town.image_alt = "Twee leerlingen van G-Town in gesprek."
    g_town.save()
    tags = meta(visitor.get("/interventies/g-town/").content.decode())
    assert tags["og:image"] == "http://testserver/media/interventions/g-town.png"
    assert tags["og:image:alt"] == "Twee leerlingen van G-Town in gesprek."
