"""Old addresses keep working: a renamed intervention, theme or place redirects from its old slug for good, and
an old slug is never given to something else."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from interventions.models import Intervention, Theme
from municipalities.models import Municipality, Province, Region
from slugs.models import SlugHistory
from slugs.services import slug_gone, slug_redirect
from tests.helpers.admin import admin_url, change_form_data, form_errors
from tests.helpers.queries import DETAIL_QUERIES, FOOTER_QUERIES

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"
TAKEN = "eerder gebruikt door een ander item"


def rename(obj, slug):
    obj.slug = slug
    obj.save()
    return obj


def test_editor_renames_an_intervention_and_the_old_address_redirects_with_its_query(redacteur, visitor):
    g_town = Intervention.objects.get(slug=G_TOWN)
    url = admin_url("interventions.intervention", "change", g_town.pk)
    data = change_form_data(redacteur.get(url))
    data["slug"] = "g-town-rotterdam"

    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    old = visitor.get("/interventies/g-town/?utm_source=nieuwsbrief&x=1")
    assert old.status_code == 301
    assert old["Location"] == "/interventies/g-town-rotterdam/?utm_source=nieuwsbrief&x=1"
    assert visitor.get(old["Location"]).status_code == 200


def test_the_contact_page_of_a_renamed_intervention_redirects_too(visitor):
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")

    page = visitor.get("/interventies/g-town/contact/?x=1")
    sent = visitor.get("/interventies/g-town/contact/verstuurd/")

    assert (page.status_code, page["Location"]) == (301, "/interventies/g-town-rotterdam/contact/?x=1")
    assert (sent.status_code, sent["Location"]) == (301, "/interventies/g-town-rotterdam/contact/verstuurd/")
    assert visitor.get(page["Location"]).status_code == 200


def test_a_form_posted_to_the_old_contact_address_is_sent_on_with_its_method(visitor):
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")

    response = visitor.post("/interventies/g-town/contact/", {"name": "Anna"})

    # 308: the browser repeats the POST at the new address instead of turning it into a GET.
    assert (response.status_code, response["Location"]) == (308, "/interventies/g-town-rotterdam/contact/")


@pytest.mark.parametrize(
    ("model", "url_name"),
    [
        (Theme, "interventions:theme"),
        (Region, "interventions:region"),
        (Province, "interventions:province"),
        (Municipality, "interventions:municipality"),
    ],
)
def test_a_renamed_theme_or_place_redirects_from_its_old_address(visitor, model, url_name):
    obj = model.objects.order_by("pk").first()
    old = obj.slug
    rename(obj, f"{old}-nieuw")

    response = visitor.get(reverse(url_name, args=[old]) + "?pagina=2")

    assert response.status_code == 301
    assert response["Location"] == reverse(url_name, args=[f"{old}-nieuw"]) + "?pagina=2"
    assert visitor.get(reverse(url_name, args=[f"{old}-nieuw"])).status_code == 200


def test_a_chain_of_renames_redirects_every_old_address_in_one_hop(visitor):
    g_town = rename(rename(Intervention.objects.get(slug=G_TOWN), "g-town-2"), "g-town-3")

    first = visitor.get("/interventies/g-town/")
    second = visitor.get("/interventies/g-town-2/")

    assert (first.status_code, first["Location"]) == (301, "/interventies/g-town-3/")
    assert (second.status_code, second["Location"]) == (301, "/interventies/g-town-3/")
    assert slug_redirect(Intervention, "g-town") == g_town
    assert slug_redirect(Intervention, "nooit-gebruikt") is None


def test_a_new_intervention_cannot_take_an_old_slug(redacteur):
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    url = admin_url("interventions.intervention", "add")
    data = change_form_data(redacteur.get(url))
    data.update(title="Een nieuwe aanpak", slug=G_TOWN)

    response = redacteur.post(url, data)

    assert response.status_code == 200
    assert TAKEN in " ".join(response.context["adminform"].form.errors["slug"])
    assert not Intervention.objects.filter(slug=G_TOWN).exists()


def test_another_theme_cannot_take_an_old_slug_and_the_check_is_in_the_model(redacteur):
    first, second = Theme.objects.order_by("pk")[:2]
    old = first.slug
    rename(first, f"{old}-nieuw")
    url = admin_url("interventions.theme", "change", second.pk)
    data = change_form_data(redacteur.get(url))
    data["slug"] = old

    response = redacteur.post(url, data)

    assert response.status_code == 200
    assert TAKEN in " ".join(response.context["adminform"].form.errors["slug"])
    second.slug = old
    with pytest.raises(Exception, match=TAKEN):
        second.full_clean()


def test_an_intervention_may_take_its_own_old_slug_back_and_the_redirect_stops(redacteur, visitor):
    g_town = rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    url = admin_url("interventions.intervention", "change", g_town.pk)
    data = change_form_data(redacteur.get(url))
    data["slug"] = G_TOWN

    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    assert visitor.get("/interventies/g-town/").status_code == 200
    # The slug between is now the old address.
    assert visitor.get("/interventies/g-town-rotterdam/")["Location"] == "/interventies/g-town/"
    assert list(SlugHistory.objects.values_list("slug", flat=True)) == ["g-town-rotterdam"]


def test_a_deleted_interventions_addresses_answer_gone_and_stay_taken(visitor):
    g_town = rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    g_town.delete()

    old = visitor.get("/interventies/g-town/")
    last = visitor.get("/interventies/g-town-rotterdam/contact/")

    assert old.status_code == 410
    assert "Deze pagina is verwijderd" in old.content.decode()
    assert last.status_code == 410
    assert slug_gone(Intervention, "g-town") and slug_redirect(Intervention, "g-town") is None
    newcomer = Intervention(title="Nieuw", slug="g-town-rotterdam")
    with pytest.raises(Exception, match=TAKEN):
        newcomer.validate_unique()


def test_a_renamed_unpublished_intervention_stays_hidden_behind_its_old_contact_address(visitor):
    g_town = rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    Intervention.objects.filter(pk=g_town.pk).update(publication_status=Intervention.PublicationStatus.DRAFT)

    assert visitor.get("/interventies/g-town/contact/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/interventies/bestaat-niet/",
        "/interventies/bestaat-niet/contact/",
        "/themas/%00/",
        "/gemeenten/" + "a" * 5000 + "/",
        "/regios/..%2F..%2Fetc/",
    ],
)
def test_unknown_and_hostile_slugs_still_answer_not_found(visitor, path):
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")

    assert visitor.get(path).status_code == 404


@pytest.mark.parametrize("slug", ["", "a\x00b", "../x", "a" * 5000, None])
def test_the_lookup_refuses_hostile_slugs_without_asking_the_database(slug, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert slug_redirect(Intervention, slug) is None
        assert not slug_gone(Intervention, slug)


def test_a_current_address_costs_no_extra_query_even_with_old_slugs_about(visitor, django_assert_num_queries):
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    slug = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"

    with django_assert_num_queries(len([*DETAIL_QUERIES, *FOOTER_QUERIES])):
        response = visitor.get(reverse("interventions:detail", args=[slug]))

    assert response.status_code == 200


def test_a_save_without_a_new_slug_records_nothing():
    g_town = Intervention.objects.get(slug=G_TOWN)
    g_town.title = "G-Town, vernieuwd"
    g_town.save()
    Theme.objects.create(name="Nieuw thema", slug="nieuw-thema", position=99)

    assert not SlugHistory.objects.exists()


def test_old_addresses_survive_a_backup_and_restore(visitor, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    rename(Intervention.objects.get(slug=G_TOWN), "g-town-rotterdam")
    path = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", path, stdout=io.StringIO())
    SlugHistory.objects.all().delete()
    assert visitor.get("/interventies/g-town/").status_code == 404

    call_command("restore", path, "--noinput", stdout=io.StringIO())

    response = visitor.get("/interventies/g-town/")
    assert (response.status_code, response["Location"]) == (301, "/interventies/g-town-rotterdam/")
