"""A slug changed without a plain save is an old address too: by a bulk ORM update (QuerySet.update,
bulk_update) or by restoring an earlier version in the admin (a raw save).

Raw SQL sends nothing the portal could see: whoever changes a slug in SQL records the old one themselves.
"""

import pytest
from django.apps import apps
from django.core import checks
from django.db import IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.test.utils import isolate_apps
from django.urls import reverse
from reversion.models import Version

from interventions.models import Intervention, Theme
from knowledge.models import PracticeTopic
from municipalities.models import Municipality, Region
from slugs.apps import check_querysets
from slugs.models import FixedAddress, SlugHistory, StableSlug
from slugs.services import slug_redirect
from tests.helpers.admin import admin_url, change_form_data, form_errors, untouched_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "slug", "url_name"),
    [
        (Intervention, "g-town", "interventions:detail"),
        (Theme, "talentontwikkeling", "interventions:theme"),
        (Region, "west-nederland", "interventions:region"),
        (Municipality, "hoorn", "interventions:municipality"),
        (PracticeTopic, "belang-van-brede-samenwerking", "knowledge:topic"),
    ],
)
def test_a_slug_changed_by_a_bulk_update_keeps_redirecting(visitor, model, slug, url_name):
    updated = model.objects.filter(slug=slug).update(slug=f"{slug}-nieuw")

    response = visitor.get(reverse(url_name, args=[slug]) + "?x=1")

    assert updated == 1
    assert (response.status_code, response["Location"]) == (301, reverse(url_name, args=[f"{slug}-nieuw"]) + "?x=1")
    assert visitor.get(response["Location"]).status_code == 200


def test_an_expression_over_many_rows_records_every_old_slug():
    before = dict(Theme.objects.values_list("pk", "slug"))

    Theme.objects.update(slug=Concat("slug", Value("-oud")))

    assert len(before) > 1
    assert dict(SlugHistory.objects.values_list("slug", "object_id")) == {slug: pk for pk, slug in before.items()}
    for slug in before.values():
        assert slug_redirect(Theme, slug).slug == f"{slug}-oud"


def test_bulk_update_of_slugs_records_them_too(visitor):
    first, second = Municipality.objects.filter(slug__in=["hoorn", "gorinchem"]).order_by("slug")
    first.slug, second.slug = "gorinchem-zh", "hoorn-nh"

    Municipality.objects.bulk_update([first, second], ["slug"])

    assert sorted(SlugHistory.objects.values_list("slug", "object_id")) == [
        ("gorinchem", first.pk),
        ("hoorn", second.pk),
    ]
    assert visitor.get("/gemeenten/hoorn/")["Location"] == "/gemeenten/hoorn-nh/"


def test_a_bulk_update_that_takes_an_old_slug_back_ends_its_redirect(visitor):
    Theme.objects.filter(slug="talentontwikkeling").update(slug="talent")
    Theme.objects.filter(slug="talent").update(slug="talentontwikkeling")

    assert visitor.get("/themas/talentontwikkeling/").status_code == 200
    assert visitor.get("/themas/talent/")["Location"] == "/themas/talentontwikkeling/"
    assert list(SlugHistory.objects.values_list("slug", flat=True)) == ["talent"]


def test_a_bulk_update_of_other_fields_records_nothing_and_asks_nothing_more(django_assert_num_queries):
    with django_assert_num_queries(1):
        Theme.objects.filter(slug="talentontwikkeling").update(description="Nieuw.")
    # Setting the slug it already has is no change either.
    Region.objects.filter(slug="west-nederland").update(slug="west-nederland")

    assert not SlugHistory.objects.exists()


def test_a_bulk_slug_update_that_fails_records_nothing():
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.update(slug="een-slug-voor-allemaal")

    assert not SlugHistory.objects.exists()
    assert not Theme.objects.filter(slug="een-slug-voor-allemaal").exists()


def test_restoring_a_version_with_an_earlier_slug_keeps_the_later_address_redirecting(redacteur, visitor):
    topic = PracticeTopic.objects.get(slug="belang-van-brede-samenwerking")
    url = admin_url("knowledge.practicetopic", "change", topic.pk)
    assert redacteur.post(url, change_form_data(redacteur.get(url))).status_code == 302
    first = Version.objects.get_for_object(topic).get()
    data = change_form_data(redacteur.get(url))
    data["slug"] = "brede-samenwerking"
    assert redacteur.post(url, data).status_code == 302

    revision = admin_url("knowledge.practicetopic", "revision", topic.pk, first.pk)
    response = redacteur.post(revision, untouched_form(redacteur.get(revision), "practicetopic"))

    assert response.status_code == 302, form_errors(response)
    assert PracticeTopic.objects.get(pk=topic.pk).slug == "belang-van-brede-samenwerking"
    later = visitor.get("/kennis/praktijkkaart/brede-samenwerking/")
    assert (later.status_code, later["Location"]) == (301, "/kennis/praktijkkaart/belang-van-brede-samenwerking/")
    assert visitor.get(later["Location"]).status_code == 200
    assert list(SlugHistory.objects.values_list("slug", flat=True)) == ["brede-samenwerking"]


def test_every_model_with_a_stable_address_has_a_queryset_that_keeps_it():
    assert check_querysets() == []
    assert [error.id for error in checks.run_checks(tags=[checks.Tags.models]) if error.id.startswith("slugs.")] == []


@isolate_apps("slugs")
def test_a_model_that_forgets_the_queryset_fails_the_system_check():
    class Forgetful(StableSlug, models.Model):  # noqa: DJ008
        slug = models.SlugField()

        class Meta:
            app_label = "slugs"

    class Renumbered(FixedAddress, models.Model):  # noqa: DJ008
        number = models.PositiveSmallIntegerField()

        class Meta:
            app_label = "slugs"

    errors = check_querysets(app_configs=[Forgetful._meta.apps.get_app_config("slugs")])

    assert [(error.id, error.obj) for error in errors] == [("slugs.E001", Forgetful), ("slugs.E002", Renumbered)]
    assert errors[0].msg == "slugs.Forgetful.objects is built on QuerySet, not on StableSlugQuerySet."
    # The project's registry never saw them.
    assert Forgetful not in apps.get_models()
