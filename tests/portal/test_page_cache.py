"""Anonymous pages are shared and served from the page cache; every change makes them fresh at once.

Each test warms a page (the second request is a cache hit), changes what it
shows the way an editor would, and asks again: the very next request must be a
miss with the change in it.
"""

from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, override_settings

from core import pagecache
from interventions.models import Intervention, Person, Quote, Theme
from knowledge.models import Factor, FactorLink
from lessons.models import Lesson
from municipalities.models import Municipality

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

G_TOWN = "/interventies/g-town/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
    yield
    pagecache.clear_pages()


def warm(client, path, **params):
    """Ask for a page until it comes from the cache; its text."""
    first = client.get(path, params)
    assert first.status_code == 200, path
    second = client.get(path, params)
    assert second["X-Page-Cache"] == "hit", path
    assert second.content == first.content
    return second.content.decode()


def fresh(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    assert response["X-Page-Cache"] == "miss", f"{path} was served from the cache after a change"
    return response.content.decode()


def test_an_anonymous_page_is_shareable_by_any_cache(visitor):
    response = visitor.get("/interventies/", {"thema": "talentontwikkeling"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()
    assert response["Cache-Control"] == f"public, max-age={60}"
    assert response["ETag"]
    # A cache in front may revalidate instead of fetching again.
    again = visitor.get("/interventies/", {"thema": "talentontwikkeling"}, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/interventies/",
        G_TOWN,
        "/themas/",
        "/regios/",
        "/lessen/1/",
        "/kennis/",
        "/kennis/factoren/",
        "/cijfers/",
        "/kaart/",
        "/zoeken/",
        "/over/",
    ],
)
def test_every_public_page_type_is_served_from_the_cache_the_second_time(visitor, path):
    warm(visitor, path)


def test_junk_parameters_neither_change_the_page_nor_add_entries(visitor):
    page = warm(visitor, "/interventies/", thema="talentontwikkeling")
    junk = visitor.get("/interventies/", {"utm_source": "nieuwsbrief", "thema": "talentontwikkeling", "x": "1"})
    assert junk["X-Page-Cache"] == "hit"
    assert junk.content.decode() == page


def test_a_crafted_host_never_reaches_the_cache(visitor, caplog):
    warm(visitor, "/interventies/")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/interventies/")
    assert response.status_code == 400
    assert "X-Page-Cache" not in response
    assert "Page cache unavailable" not in caplog.text


def test_the_htmx_fragment_and_the_full_page_are_kept_apart(visitor):
    full = warm(visitor, "/interventies/")
    fragment = visitor.get("/interventies/", headers={"hx-request": "true"})
    assert fragment["X-Page-Cache"] == "miss"
    assert "<html" in full and "<html" not in fragment.content.decode()


def test_staff_are_never_served_a_shared_page_and_their_pages_are_never_stored(visitor, redacteur):
    warm(visitor, G_TOWN)
    response = redacteur.get(G_TOWN)
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")
    g_town = Intervention.objects.get(slug="g-town")
    g_town.publication_status = Intervention.PublicationStatus.DRAFT
    g_town.save()
    # The preview is the editor's alone.
    assert "Concept: niet openbaar" in redacteur.get(G_TOWN).content.decode()
    assert visitor.get(G_TOWN).status_code == 404


def test_a_form_page_keeps_its_csrf_protection_and_is_never_shared(visitor):
    for path in ["/deel-je-aanpak/", "/interventies/g-town/contact/"]:
        response = visitor.get(path)
        assert response.status_code == 200
        assert "csrftoken" in response.cookies
        assert "X-Page-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")


# The matrix: each kind of change, against the pages that show it.


def g_town():
    return Intervention.objects.get(slug="g-town")


def test_an_edit_shows_at_once_on_detail_list_theme_place_and_search(visitor):
    pages = {
        G_TOWN: {},
        "/interventies/": {},
        "/themas/talentontwikkeling/": {},
        "/gemeenten/gorinchem/": {},
        "/provincies/zuid-holland/": {},
        "/zoeken/": {"q": "jongeren leren zichzelf"},
    }
    for path, params in pages.items():
        assert "Schaakmat" not in warm(visitor, path, **params)
    intervention = g_town()
    intervention.title = "G-Town Schaakmat"
    intervention.save()
    for path, params in pages.items():
        assert "Schaakmat" in fresh(visitor, path, **params), path


def test_unpublishing_takes_the_entry_off_every_page_at_once(visitor):
    assert "G-Town" in warm(visitor, "/interventies/")
    warm(visitor, G_TOWN)
    intervention = g_town()
    intervention.publication_status = Intervention.PublicationStatus.ARCHIVED
    intervention.save()
    assert visitor.get(G_TOWN).status_code == 404
    assert "G-Town" not in fresh(visitor, "/interventies/")


def test_publishing_puts_the_entry_on_the_list_and_the_figures_at_once(visitor):
    intervention = g_town()
    intervention.publication_status = Intervention.PublicationStatus.DRAFT
    intervention.save()
    assert "G-Town" not in warm(visitor, "/interventies/")
    figures = warm(visitor, "/cijfers/")
    intervention.publication_status = Intervention.PublicationStatus.PUBLISHED
    intervention.save()
    assert "G-Town" in fresh(visitor, "/interventies/")
    assert fresh(visitor, "/cijfers/") != figures


def test_deleting_an_entry_takes_it_away_at_once(visitor):
    warm(visitor, "/interventies/")
    g_town().delete()
    assert "G-Town" not in fresh(visitor, "/interventies/")


def test_an_inline_edit_of_a_person_or_a_quote_shows_at_once(visitor):
    warm(visitor, G_TOWN)
    person = Person.objects.filter(intervention__slug="g-town").first()
    person.name = "Jantine Testpersoon"
    person.save()
    assert "Jantine Testpersoon" in fresh(visitor, G_TOWN)
    warm(visitor, G_TOWN)
    quote = Quote.objects.filter(intervention__slug="g-town").first()
    quote.text = "Een citaat dat nergens anders staat."
    quote.save()
    assert "Een citaat dat nergens anders staat." in fresh(visitor, G_TOWN)


def test_a_many_to_many_change_shows_at_once(visitor):
    assert "G-Town" not in warm(visitor, "/themas/meertaligheid/")
    g_town().themes.add(Theme.objects.get(slug="meertaligheid"))
    assert "G-Town" in fresh(visitor, "/themas/meertaligheid/")


def test_a_renamed_place_shows_at_once_on_the_map_and_its_province(visitor):
    warm(visitor, "/kaart/")
    warm(visitor, "/provincies/zuid-holland/")
    place = Municipality.objects.get(slug="gorinchem")
    place.name = "Gorcum"
    place.save()
    assert "Gorcum" in fresh(visitor, "/kaart/")
    assert "Gorcum" in fresh(visitor, "/provincies/zuid-holland/")


def test_a_change_made_without_signals_shows_after_clear_page_cache(visitor):
    warm(visitor, G_TOWN)
    # A bulk update (or SQL, or a data migration) sends no signal.
    Intervention.objects.filter(slug="g-town").update(title="G-Town in bulk")
    call_command("clear_page_cache", stdout=StringIO())
    assert "G-Town in bulk" in fresh(visitor, G_TOWN)


def test_a_knowledge_link_and_a_lesson_edit_show_at_once(visitor):
    factor = Factor.objects.get(number=29)
    path = factor.get_absolute_url()
    warm(visitor, path)
    FactorLink.objects.update_or_create(
        factor=factor, intervention=g_town(), defaults={"reason": "Een reden die de redactie schreef."}
    )
    assert "Een reden die de redactie schreef." in fresh(visitor, path)
    lesson = Lesson.objects.get(number=1)
    warm(visitor, "/lessen/1/")
    lesson.title = "Een nieuwe titel voor les 1"
    lesson.save()
    assert "Een nieuwe titel voor les 1" in fresh(visitor, "/lessen/1/")


def test_a_bulk_admin_action_shows_at_once(visitor, redacteur):
    assert "G-Town" in warm(visitor, "/interventies/")
    response = redacteur.post(
        "/beheer/interventions/intervention/",
        {"action": "archive", "_selected_action": [g_town().pk]},
    )
    assert response.status_code == 302
    assert "G-Town" not in fresh(visitor, "/interventies/")


def test_seeding_again_with_overwrite_shows_at_once(visitor):
    from portal.seeding import portal_seed

    intervention = g_town()
    original = intervention.title
    intervention.title = "Tijdelijk anders"
    intervention.save()
    assert "Tijdelijk anders" in warm(visitor, G_TOWN)
    portal_seed(overwrite=True)
    page = fresh(visitor, G_TOWN)
    assert original in page and "Tijdelijk anders" not in page


def test_when_the_cache_fails_pages_are_rendered_uncached_with_a_warning(visitor, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["pages"], "get", broken)
    monkeypatch.setattr(caches["pages"], "set", broken)
    response = visitor.get("/interventies/")
    assert response.status_code == 200
    assert "G-Town" in response.content.decode()
    assert "Page cache unavailable" in caplog.text


def test_the_process_keeps_a_bounded_copy_of_the_last_pages_it_served():
    pages = pagecache.LocalPages(2)
    pages.put("a", {"content": b"A"})
    pages.put("b", {"content": b"B"})
    assert pages.get("a") == {"content": b"A"}  # "a" is now the most recently used
    pages.put("c", {"content": b"C"})
    assert (pages.get("a"), pages.get("b"), pages.get("c")) == ({"content": b"A"}, None, {"content": b"C"})


def test_a_change_is_seen_at_once_although_the_process_still_holds_the_old_page(visitor, page_cache):
    g_town = Intervention.objects.get(slug="g-town")
    url = g_town.get_absolute_url()
    assert visitor.get(url)["X-Page-Cache"] == "miss"
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    assert len(pagecache.local_pages.pages) >= 1
    g_town.title = "G-Town, vernieuwd"
    g_town.save()
    fresh = visitor.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "G-Town, vernieuwd" in fresh.content.decode()


def test_a_bulk_update_of_interventions_makes_their_pages_fresh(visitor, page_cache):
    url = "/interventies/?q=gorinchem"
    first = visitor.get(url)
    assert first["X-Page-Cache"] == "miss" and "/interventies/g-town/" in first.content.decode()
    assert visitor.get(url)["X-Page-Cache"] == "hit"
    Intervention.objects.filter(slug="g-town").update(publication_status=Intervention.PublicationStatus.DRAFT)
    fresh = visitor.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "/interventies/g-town/" not in fresh.content.decode()
