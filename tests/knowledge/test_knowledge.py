"""The knowledge base: insights, factors, solution directions and the practice card, as the sources give them."""

import hashlib
import re

import pytest
from django.urls import reverse

from knowledge.models import (
    Factor,
    Insight,
    MeetupTheme,
    PracticeQuestion,
    PracticeSuggestion,
    PracticeTopic,
    ReadingItem,
    SolutionDirection,
)
from tests.helpers import DATA
from tests.helpers.pages import hit_urls, missing, page_text

pytestmark = pytest.mark.django_db

SEARCH = reverse("search")


# The content, against the source texts


def test_the_report_has_exactly_ten_insights_with_their_titles():
    titles = list(Insight.objects.values_list("title", flat=True))
    assert len(titles) == 10
    assert titles[0] == "Kansengelijkheid is breder dan onderwijs alleen"
    assert titles[3] == "Schoolsucces begint thuis"
    assert titles[6] == "Taal voor de toekomst"
    assert titles[9] == "Een brede blik naar de toekomst"
    assert Insight.objects.get(number=6).source.slug == "rapportage-2020-gelijke-kansen-alliantie"


def test_factors_sit_on_their_five_levels_as_the_report_numbers_them():
    per_level = {level: Factor.objects.filter(level=level).count() for level in Factor.Level.values}
    assert per_level == {"leerling": 8, "familie": 6, "school": 7, "samenleving": 3, "wijk": 5}
    assert Factor.objects.get(number=5).name == "Self-efficacy/zelf-effectiviteit"
    assert Factor.objects.get(number=24).level == "samenleving"
    assert Factor.objects.get(number=29).name == "Peer support"


def test_the_meetup_has_three_themes_and_directions_one_one_to_three_three():
    assert list(MeetupTheme.objects.values_list("title", flat=True)) == [
        "Taal centraal",
        "De grote oversteek",
        "Zorgen vs. lesgeven",
    ]
    codes = [direction.code for direction in SolutionDirection.objects.select_related("meetup_theme")]
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2", "3.3"]
    assert SolutionDirection.objects.get(meetup_theme__number=1, number=4).themes.get().slug == "meertaligheid"


def test_reading_lists_keep_urls_only_where_the_source_gives_one():
    nieuwsuur = ReadingItem.objects.get(title__startswith="Taalachterstand voor het leven")
    assert nieuwsuur.url == ""
    assert ReadingItem.objects.filter(category="lezen").count() == 11
    assert ReadingItem.objects.filter(category="initiatief").count() == 9
    assert ReadingItem.objects.get(title="De schoolschrijver").url == "https://www.deschoolschrijver.nl/"


def test_the_practice_card_has_five_topics_with_their_questions_and_suggestions():
    assert list(PracticeTopic.objects.values_list("title", flat=True)) == [
        "Welbevinden en gelijke kansen",
        "Belang van brede samenwerking",
        "Interventies met impact",
        "Gevoelige overgangen",
        "Dagelijks het verschil maken",
    ]
    questions = {topic.number: topic.questions.count() for topic in PracticeTopic.objects.all()}
    assert questions == {1: 8, 2: 5, 3: 3, 4: 4, 5: 5}
    assert (
        PracticeQuestion.objects.filter(text__contains="tolk of sleutelpersoon")
        .get()
        .url.startswith("https://www.pharos.nl/")
    )
    assert PracticeSuggestion.objects.filter(term="kort").count() == 22
    assert PracticeSuggestion.objects.filter(term="lang").count() == 14


# Byte-identical copies of the sources (the tests never read ../shared); checked so that they stay the extractions.
SOURCE_COPIES = {
    "meetup-briefing-extractie-2.txt": "eef8de1401032a5c9b9111ac524c39d28e05b93fd4c98b6266c166497a9065d2",  # 001
    "meetup-briefing.txt": "c276498a6ae63bac01e626c9106e5b2863256dd0bdbf94ee053ab3eecccece9b",  # 002
    "praktijkkaart.txt": "0985052312ec20620729bae0aef7f28fdd5f967edfd27b15e6d5523e5c33627a",  # 003
    "rapportage-2020.txt": "166aadf0d77286e66f7621418f388b84267f1fc576e11b991366df776180c983",  # 004
}


def test_the_copies_of_the_sources_are_the_extractions():
    assert {name: hashlib.sha256((DATA / name).read_bytes()).hexdigest() for name in SOURCE_COPIES} == SOURCE_COPIES


def test_every_url_in_the_knowledge_base_stands_verbatim_in_a_source():
    sources = "\n".join((DATA / name).read_text(encoding="utf-8") for name in SOURCE_COPIES)
    urls = [
        *ReadingItem.objects.exclude(url="").values_list("url", flat=True),
        *PracticeQuestion.objects.exclude(url="").values_list("url", flat=True),
        *(url for suggestion in PracticeSuggestion.objects.all() for url in suggestion.url_list),
        *(
            url
            for sources_text in SolutionDirection.objects.values_list("sources", flat=True)
            for url in re.findall(r"https?://\S+", sources_text)
        ),
    ]
    assert len(urls) == 63
    # The PDF addresses with spaces are stored with %20 (docs/content-decisions.md); nothing else is changed,
    # and a dropped tracking parameter leaves the stored address a verbatim part of the source's.
    assert [url for url in urls if url.replace("%20", " ") not in sources] == []


def test_meetup_reading_lists_and_directions_keep_the_sources_wording():
    assert [
        (
            t.number,
            t.reading_items.filter(category="lezen").count(),
            t.reading_items.filter(category="initiatief").count(),
        )
        for t in MeetupTheme.objects.all()
    ] == [(1, 4, 4), (2, 3, 0), (3, 4, 5)]
    direction = SolutionDirection.objects.get(meetup_theme__number=1, number=4)
    assert "wordt aangemoedigd in plaats van ontmoedigd (Functioneel meertalig leren)." in direction.text
    item = ReadingItem.objects.get(title="Aandachtspunten samenwerking onderwijs/jeugdhulp")
    assert item.kind.startswith("Tips om op een prettige manier te kunnen doorverwijzen")


# The pages


def every_knowledge_url():
    yield reverse("knowledge:index")
    yield reverse("knowledge:insights")
    yield reverse("knowledge:factors")
    yield reverse("knowledge:directions")
    yield reverse("knowledge:topics")
    for model in [Insight, SolutionDirection, PracticeTopic]:
        for obj in model.objects.all():
            yield obj.get_absolute_url()


def test_every_knowledge_page_answers_200_with_a_unique_title_and_its_source(visitor):
    titles = set()
    for url in every_knowledge_url():
        response = visitor.get(url)
        assert response.status_code == 200, url
        title = response.content.decode().split("<title>")[1].split("</title>")[0]
        assert title not in titles, url
        titles.add(title)
        if url != reverse("knowledge:index"):
            assert "Bron:" in page_text(response), url
    assert len(titles) == 5 + 10 + 13 + 5


@pytest.mark.parametrize(
    "url",
    [
        "/kennis/inzichten/11/",
        "/kennis/inzichten/0/",
        "/kennis/oplossingsrichtingen/1-6/",
        "/kennis/oplossingsrichtingen/4-1/",
        "/kennis/praktijkkaart/onbekend/",
    ],
)
def test_unknown_knowledge_pages_answer_404(visitor, url):
    assert visitor.get(url).status_code == 404


@pytest.mark.parametrize(
    ("url", "phrases", "source"),
    [
        pytest.param(
            reverse("knowledge:index"),
            [
                "Tien inzichten",
                "29 factoren op vijf niveaus",
                "1.4 Maak gebruik van meertaligheid",
                "Gevoelige overgangen",
            ],
            [],
            id="entry page leads to insights, factors, directions and the practice card",
        ),
        pytest.param(
            reverse("knowledge:factors"),
            ["Factoren leerling 1. Intelligentie", "Factoren wijk 25. Sociale klasse", "Verwey-Jonker"],
            [],
            id="factor page groups factors by level",
        ),
        pytest.param(
            "/kennis/oplossingsrichtingen/1-4/",
            [
                "1.4 Maak gebruik van meertaligheid",
                "Jim Cummins",
                "Thema 1: Taal centraal",
                "Volgende: 1.5 Zet in op peer learning",
                "Bron: Briefing – Meetup Hilversum",
            ],
            ["https://stad.gent/"],
            id="direction page shows its theme, sources and neighbours",
        ),
        pytest.param(
            "/kennis/praktijkkaart/gevoelige-overgangen/",
            [
                "Vragen om jezelf te stellen",
                "Hoe gaan we er voor zorgen dat een kind met een kansrijk advies gaat slagen in het VO?",
                "Concrete suggesties om direct mee aan de slag te gaan",
                "Concrete suggesties voor ontwikkeling op langere termijn",
            ],
            ['href="https://studiezalen.com/"'],
            id="practice topic page shows questions and both terms",
        ),
        pytest.param(
            reverse("knowledge:directions"),
            ["Taalachterstand voor het leven", "Mooie (lokale of landelijke) initiatieven"],
            ['href="https://www.maatjesprojectgooi.nl/"'],
            id="directions page shows reading lists with and without links",
        ),
    ],
)
def test_knowledge_page_shows_what_the_visitor_comes_for(visitor, url, phrases, source):
    response = visitor.get(url)

    assert not missing(page_text(response), *phrases)
    assert not missing(response.content.decode(), *source)


def test_main_menu_links_to_knowledge(visitor):
    assert '<a class="rhc-nav-bar__link nl-link" href="/kennis/">Kennis</a>' in visitor.get("/").content.decode()


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/kennis/", 5),
        ("/kennis/inzichten/", 2),
        ("/kennis/factoren/", 2),  # factors, and their links to published interventions
        ("/kennis/oplossingsrichtingen/", 3),
        ("/kennis/praktijkkaart/", 4),
    ],
)
def test_list_pages_need_a_fixed_number_of_queries(visitor, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries + 1):  # and the footer's source publications
        assert visitor.get(url).status_code == 200


# Search


def direction(code):
    return f"/kennis/oplossingsrichtingen/{code}/"


def insight(number):
    return f"/kennis/inzichten/{number}/"


def topic(slug):
    return f"/kennis/praktijkkaart/{slug}/"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        pytest.param("schoolsucces begint thuis", insight(4), id="insight title"),
        pytest.param("gezonde basisschool van de toekomst", insight(5), id="insight pilot"),
        pytest.param("superdiversiteit community urban education", insight(8), id="insight urban education"),
        pytest.param("Jim Cummins", direction("1-4"), id="direction linguist"),
        pytest.param("Teach First", direction("3-1"), id="direction teach first"),
        pytest.param("voorlezen", direction("1-3"), id="direction voorlezen"),
        pytest.param("ouders overdragen", direction("2-4"), id="direction parents handed over"),
        pytest.param("referentieniveaus rekenen", direction("2-5"), id="direction learning lines"),
        pytest.param("traumasensitief", topic("dagelijks-het-verschil-maken"), id="topic trauma"),
        pytest.param("brugklas doorstroom", topic("gevoelige-overgangen"), id="topic brugklas"),
        pytest.param("sleutelpersoon tolk", topic("belang-van-brede-samenwerking"), id="topic sleutelpersoon"),
        pytest.param("institutioneel racisme", "/kennis/factoren/24/", id="factor racism"),
    ],
)
def test_search_finds_the_knowledge_meant_first(visitor, query, first):
    urls = hit_urls(visitor.get(SEARCH, {"q": query}))
    assert urls[:1] == [first], urls


def test_search_can_pick_only_solution_directions(visitor):
    urls = hit_urls(visitor.get(SEARCH, {"q": "overgang", "soort": "oplossingsrichting"}))
    assert urls
    assert all(url.startswith("/kennis/oplossingsrichtingen/") for url in urls)


def test_changed_practice_question_is_found_by_the_next_search(visitor):
    question = PracticeQuestion.objects.get(topic__slug="gevoelige-overgangen", position=1)
    question.text += " Denk aan een zomerschoolbrug."
    question.save()
    assert hit_urls(visitor.get(SEARCH, {"q": "zomerschoolbrug"})) == [topic("gevoelige-overgangen")]
