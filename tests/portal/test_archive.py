"""The static archive (`manage.py export_static`): the public site as files that outlive the server.

One export of the seeded bundle serves the whole module (rendering it takes seconds), made with a draft
beside the published interventions and an image and a video on G-Town, for the live site's address.
"""

import io
import json
import math
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from PIL import Image

from core import pagecache
from interventions.models import Intervention
from lessons.models import Lesson
from portal.archive import MARKER, SEARCH_INDEX, archive_export

pytestmark = pytest.mark.django_db

SITE = "https://kennisbank.example"
HOST = "kennisbank.example"
DAY = date(2026, 12, 1)
BANNER = (
    "Dit is een archiefkopie van de GKA-kennisbank van 1 december 2026. Zoeken en filteren werken hier beperkt: "
    "de zoekfunctie van het archief doorzoekt de titels en teksten, en formulieren werken niet. "
    "De actuele kennisbank staat op https://kennisbank.example."
)
DRAFT_TITLE = "Huiswerkklas in de bibliotheek (concept)"


class Links(HTMLParser):
    """Every address an HTML page points to (href, src, srcset, action, poster), and its visible text."""

    def __init__(self):
        super().__init__()
        self.links, self.text, self.ids = [], [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)
            if value is None:
                continue
            if name == "srcset":
                self.links += [(tag, candidate.strip().split(" ")[0]) for candidate in value.split(",")]
            elif name in ("href", "src", "action", "poster"):
                self.links.append((tag, value))

    def handle_data(self, data):
        self.text.append(data)


def parsed(path):
    parser = Links()
    parser.feed(path.read_text())
    return parser


def text_of(path):
    return " ".join("".join(parsed(path).text).split())


def image_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """The archive of the seeded bundle plus a draft, and G-Town with an image and a video; rolled back after."""
    media = tmp_path_factory.mktemp("media")
    output = tmp_path_factory.mktemp("archief") / "kennisbank"
    with (
        override_settings(SITE_URL=SITE, ALLOWED_HOSTS=[HOST, "testserver"], MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        g_town = Intervention.objects.get(slug="g-town")
        g_town.image.save("schoolplein.png", ContentFile(image_bytes()), save=False)
        g_town.image_alt = "Leerlingen van G-Town op het schoolplein."
        g_town.video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        g_town.save()
        draft = Intervention.objects.create(
            title=DRAFT_TITLE,
            slug="huiswerkklas-concept",
            context="Een concept dat nog niet openbaar is.",
            publication_status=Intervention.PublicationStatus.DRAFT,
        )
        draft.themes.set(g_town.themes.all())
        draft.municipalities.set(g_town.municipalities.all())
        result = archive_export(output=output, day=DAY)
        yield output, result
        transaction.set_rollback(True)


@pytest.fixture
def live(client, settings):
    """The live site at the same address, for comparing what it serves with the archive's files."""
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [HOST, "testserver"]

    def get(path):
        return client.get(path, HTTP_HOST=HOST, secure=True)

    return get


def html_files(output):
    return sorted(output.rglob("*.html"))


def test_archive_holds_every_published_intervention_and_no_draft(archive):
    output, _result = archive
    written = {path.parent.name for path in (output / "interventies").glob("*/index.html")}
    assert written == set(Intervention.objects.published().values_list("slug", flat=True))
    assert not (output / "interventies" / "huiswerkklas-concept").exists()
    assert all(DRAFT_TITLE not in path.read_text() for path in html_files(output))


def test_archive_holds_the_pages_of_the_site(archive):
    output, result = archive
    for name in [
        "index.html",
        "interventies/index.html",
        "themas/index.html",
        "themas/meertaligheid/index.html",
        "regios/index.html",
        "regios/west-nederland/index.html",
        "provincies/zuid-holland/index.html",
        "gemeenten/gorinchem/index.html",
        "lessen/index.html",
        "lessen/1/index.html",
        "kennis/index.html",
        "kennis/factoren/index.html",
        "cijfers/index.html",
        "kaart/index.html",
        "over/index.html",
        "zoeken/index.html",
    ]:
        assert (output / name).is_file(), name
    assert result.pages == len(html_files(output))
    # Forms and what needs the visitor's choices are left out.
    for name in ["deel-je-aanpak", "vergelijk", "beheer", "account", "interventies/g-town/contact"]:
        assert not (output / name).exists(), name


def test_every_link_in_every_page_resolves_to_a_file_in_the_archive(archive):
    output, _result = archive
    checked, anchors = 0, {}
    for path in html_files(output):
        page = parsed(path)
        for tag, link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue  # elsewhere (the video site, the live site's canonical address, mail) or on the page
            assert not link.startswith("/"), f"{path.relative_to(output)}: <{tag}> {link} is not relative"
            assert not parts.query, f"{path.relative_to(output)}: <{tag}> {link} needs a server"
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(output)}: <{tag}> {link} is missing"
            assert target.is_relative_to(output.resolve()), f"{path.relative_to(output)}: {link} leaves the archive"
            if parts.fragment and target.suffix == ".html":
                if target not in anchors:
                    anchors[target] = parsed(target).ids
                assert parts.fragment in anchors[target], f"{path.relative_to(output)}: {link} has no such anchor"
            checked += 1
    assert checked > 4000
    for css in output.rglob("*.css"):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text()):
            if not ref.startswith(("data:", "#", "http")):
                assert (css.parent / ref.split("#")[0].split("?")[0]).is_file(), f"{css}: {ref}"


def test_only_the_figures_links_to_filtered_lists_stay_as_text(archive):
    """Every other page leaves out what needs the server; the figures' combined filters keep their label."""
    _output, result = archive
    assert result.dropped_links
    assert {page for page, _link in result.dropped_links} == {"/cijfers/"}
    assert all(link.startswith("/interventies/?") for _page, link in result.dropped_links)


def test_a_list_filtered_on_one_theme_links_to_that_themes_page(archive):
    output, _result = archive
    figures = parsed(output / "cijfers" / "index.html")
    assert ("a", "../themas/meertaligheid/index.html") in figures.links


def test_every_page_says_it_is_an_archive_copy_of_that_day(archive):
    output, _result = archive
    pages = html_files(output)
    assert len(pages) > 150
    for path in pages:
        assert BANNER in text_of(path), path.relative_to(output)
        assert '<div class="archive-banner" role="region" aria-labelledby="archive-banner-title">' in path.read_text()


def test_the_list_is_paged_into_files_like_the_live_list(archive, live):
    output, _result = archive
    pages = math.ceil(Intervention.objects.published().count() / 12)
    assert pages > 1
    assert {path.name for path in (output / "interventies").glob("index*.html")} == {
        "index.html",
        *(f"index-{n}.html" for n in range(2, pages + 1)),
    }
    first = parsed(output / "interventies" / "index.html").links
    assert ("a", "index-2.html") in first
    last = (output / "interventies" / f"index-{pages}.html").read_text()
    live_last = live(f"/interventies/?pagina={pages}").content.decode()
    assert last.count('<article class="card">') == live_last.count('<article class="card">') > 0


def test_the_list_has_no_filters_but_points_to_the_offline_search(archive):
    output, _result = archive
    page = output / "interventies" / "index.html"
    assert 'id="filters"' not in page.read_text()
    assert 'id="compare-form"' not in page.read_text()
    assert "htmx" not in page.read_text()
    assert (
        "In deze archiefkopie kunt u de lijst niet filteren. Zoek met de zoekfunctie van het archief, "
        "of bekijk de interventies per thema of per regio."
    ) in text_of(page)
    assert ("a", "../zoeken/index.html") in parsed(page).links
    # The header's search form of every page leads to the offline search.
    assert ("form", "../../zoeken/index.html") in parsed(output / "interventies" / "g-town" / "index.html").links


def test_the_offline_search_index_holds_the_published_titles_and_not_the_draft(archive):
    output, _result = archive
    script = (output / SEARCH_INDEX).read_text()
    data = script[script.index("window.GKA_ARCHIVE_INDEX = ") + len("window.GKA_ARCHIVE_INDEX = ") :].rstrip(";\n")
    entries = json.loads(data)
    titles = {entry["titel"] for entry in entries}
    assert set(Intervention.objects.published().values_list("title", flat=True)) <= titles
    assert {f"Les {lesson.number}: {lesson.title}" for lesson in Lesson.objects.all()} <= titles
    assert DRAFT_TITLE not in titles
    g_town = next(entry for entry in entries if entry["titel"] == Intervention.objects.get(slug="g-town").title)
    assert g_town["adres"] == "interventies/g-town/index.html"
    assert g_town["soort"] == "Interventie"
    assert all((output / entry["adres"].split("#")[0]).is_file() for entry in entries)
    search_page = parsed(output / "zoeken" / "index.html")
    assert ("script", "zoekindex.js") in search_page.links
    assert ("script", "../static/js/archive-search.js") in search_page.links


def test_downloads_feeds_and_sitemap_are_what_the_live_site_serves(archive, live):
    output, _result = archive
    for path in [
        "/interventies/export.csv",
        "/interventies/export.json",
        "/cijfers/themas.csv",
        "/cijfers/thema-regio.csv",
        "/feeds/interventies.atom",
        "/feeds/themas/meertaligheid.atom",
        "/feeds/regios/west-nederland.atom",
        "/sitemap.xml",
        "/robots.txt",
    ]:
        response = live(path)
        assert response.status_code == 200, path
        assert (output / path.lstrip("/")).read_bytes() == response.content, path


def test_uploaded_images_and_the_scripts_they_need_are_in_the_archive(archive):
    output, _result = archive
    page = parsed(output / "interventies" / "g-town" / "index.html")
    assert ("img", "../../media/interventions/schoolplein.png") in page.links
    assert (output / "media" / "interventions" / "schoolplein.png").read_bytes() == image_bytes()
    assert ("script", "../../static/js/video.js") in page.links


def test_the_live_site_keeps_its_filters_and_shows_no_banner(archive, client):
    page = client.get("/interventies/").content.decode()
    assert 'id="filters"' in page
    assert "archiefkopie" not in page


@pytest.fixture
def production_static(tmp_path_factory):
    """Production's static files: collected, with hashed names in a manifest, DEBUG off."""
    root = tmp_path_factory.mktemp("staticfiles")
    production = {
        "DEBUG": False,
        "STATIC_ROOT": root,
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    }
    with override_settings(**production):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_dry_run_lists_the_files_writes_nothing_and_leaves_the_page_cache_alone(
    tmp_path, settings, live, production_static
):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
    out = io.StringIO()
    call_command("export_static", "--output", str(tmp_path / "archief"), "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert "interventies/index.html" in lines
    assert "interventies/g-town/index.html" in lines
    assert SEARCH_INDEX in lines
    # The static files under the hashed names the pages use, as production serves them.
    portal_css = staticfiles_storage.url("css/portal.css").removeprefix("/")
    assert re.fullmatch(r"static/css/portal\.[0-9a-f]{12}\.css", portal_css)
    assert portal_css in lines
    assert "static/css/portal.css" not in lines
    assert re.fullmatch(
        r"Proefdraaien: \d+ bestanden \(\d+ pagina's, [\d.]+ MB\) in [\d.]+ s "
        r"zouden in .+ komen; er is niets geschreven\.",
        next(line for line in lines if line.startswith("Proefdraaien")),
    )
    assert list(tmp_path.iterdir()) == []
    # Nothing rendered for the archive went into the page cache: the live page at the address the archive
    # was rendered for is rendered afresh.
    response = live("/interventies/")
    assert response["X-Page-Cache"] == "miss"
    assert "archiefkopie" not in response.content.decode()


def test_a_file_as_output_is_refused_in_dutch(tmp_path):
    target = tmp_path / "archief.zip"
    target.write_text("")
    with pytest.raises(CommandError) as error:
        call_command("export_static", "--output", str(target))
    assert str(error.value) == f"{target} is een bestand, geen map. Geef een nieuwe of lege map op."


def test_a_folder_inside_a_file_is_refused_in_dutch(tmp_path):
    target = tmp_path / "archief.zip"
    target.write_text("")
    with pytest.raises(CommandError) as error:
        call_command("export_static", "--output", str(target / "kennisbank"))
    assert str(error.value) == f"{target} is een bestand, geen map. Geef een nieuwe of lege map op."


def test_an_unwritable_folder_is_refused_in_dutch():
    # Even root cannot make a folder in /proc, so this holds for any user.
    with pytest.raises(CommandError) as error:
        call_command("export_static", "--output", "/proc/gka-archief")
    assert str(error.value).startswith("Kan niet schrijven in /proc/gka-archief: ")
    assert str(error.value).endswith(". Geef een map op waarin u mag schrijven.")


def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path):
    (tmp_path / "notities.txt").write_text("van iemand anders")
    with pytest.raises(CommandError) as error:
        call_command("export_static", "--output", str(tmp_path))
    assert str(error.value) == (
        f"De map {tmp_path} is niet leeg en bevat geen eerder archief. Geef een nieuwe of lege map op."
    )
    assert [path.name for path in tmp_path.iterdir()] == ["notities.txt"]


def test_a_new_export_replaces_an_earlier_archive_and_carries_its_own_date(tmp_path, time_machine):
    output = tmp_path / "archief"
    stale = output / "interventies" / "opgeheven-interventie" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("oud")
    # What an earlier export leaves to say the folder holds an archive.
    (output / MARKER).write_text("")
    time_machine.move_to("2027-03-05 10:00:00+01:00")
    out = io.StringIO()
    call_command("export_static", "--output", str(output), stdout=out)
    assert out.getvalue().startswith(f"Archief geschreven in {output}: ")
    assert not stale.parent.exists()
    assert (output / "interventies" / "g-town" / "index.html").is_file()
    assert (output / MARKER).is_file()
    assert "Dit is een archiefkopie van de GKA-kennisbank van 5 maart 2027." in text_of(output / "index.html")
