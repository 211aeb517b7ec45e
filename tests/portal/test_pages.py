"""Every public page answers with a title of its own, in Dutch; the home page shows what the portal is."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, Theme
from lessons.models import Lesson
from municipalities.models import Municipality, Province, Region
from tests.helpers.content import BUNDLE_STORIES
from tests.helpers.pages import card_slugs, page_text

pytestmark = pytest.mark.django_db


def every_public_url():
    yield "/"
    yield reverse("interventions:list")
    yield reverse("interventions:themes")
    yield reverse("lessons:list")
    for model in [Intervention, Theme, Province, Region, Municipality, Lesson]:
        for obj in model.objects.all():
            yield obj.get_absolute_url()


def test_every_public_page_answers_200_with_a_unique_title(visitor):
    titles = {}
    for url in every_public_url():
        response = visitor.get(url)
        assert response.status_code == 200, url
        title = response.content.decode().split("<title>")[1].split("</title>")[0]
        assert title not in titles, f"{url} has the same <title> as {titles.get(title)}"
        titles[title] = url
    # Interventions: the bundle's 15 and the 2020 report's 10; municipalities: 18 of the bundle, 18 of the report.
    assert len(titles) == 4 + 25 + 6 + 12 + 4 + 36 + 10


def test_home_shows_what_the_portal_is_themes_interventions_lessons_and_search(visitor):
    response = visitor.get("/")
    text = page_text(response)
    assert "Deze kennisbank laat zien wat zij deden, wie het deden en wat ze ervan leerden: 25 interventies" in text
    for theme in Theme.objects.all():
        assert theme.name in text
    # "Interventies uit de bundel": the bundle's first six stories in its order, none from the 2020 report.
    assert card_slugs(response) == BUNDLE_STORIES[:6]
    for lesson in Lesson.objects.all():
        assert lesson.title in text
    assert 'role="search"' in response.content.decode()


def test_pages_are_dutch(visitor):
    body = visitor.get("/").content.decode()
    assert '<html lang="nl">' in body
    assert "Direct naar de inhoud" in body


def test_themes_appear_in_the_bundles_order(visitor):
    expected = [
        "Verbinding school, thuis & omgeving",
        "Talentontwikkeling",
        "Soepele overgang",
        "Professionalisering",
        "Meertaligheid",
        "Inclusief onderwijs",
    ]
    for url in ["/", "/themas/"]:
        text = page_text(visitor.get(url))
        positions = [text.index(name + " ") for name in expected]
        assert positions == sorted(positions), url
