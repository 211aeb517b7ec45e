"""Interventions linked to the knowledge: kinds, factors and solution directions, on the public pages and in the admin.

Each test builds its own links (with the reason an editor gives) and kinds, so the exact result sets do not
depend on which links and communities the fixtures hold.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from interventions.models import Intervention
from knowledge.models import DirectionLink, Factor, FactorLink, SolutionDirection
from tests.helpers.admin import change_form_data, form_errors
from tests.helpers.pages import card_slugs, page_text
from tests.helpers.queries import DETAIL_QUERIES

pytestmark = pytest.mark.django_db

LIST = reverse("interventions:list")
HELMOND = "de-kracht-van-de-moedertaal"
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"
MIDDEN_GRONINGEN = "de-overstap-van-primair-naar-voortgezet-onderwijs"
G_TOWN = "g-town"
WEEKENDSCHOOL = "weekendschool"


def intervention(slug):
    return Intervention.objects.get(slug=slug)


def link_factor(slug, number, reason):
    return FactorLink.objects.create(
        intervention=intervention(slug), factor=Factor.objects.get(number=number), reason=reason
    )


def link_direction(slug, theme, number, reason):
    direction = SolutionDirection.objects.get(meetup_theme__number=theme, number=number)
    return DirectionLink.objects.create(intervention=intervention(slug), direction=direction, reason=reason)


@pytest.fixture
def links():
    """A clean slate of links and kinds: two communities, one experiment, three factors and two directions."""
    FactorLink.objects.all().delete()
    DirectionLink.objects.all().delete()
    Intervention.objects.update(kind=Intervention.Kind.INTERVENTION)
    Intervention.objects.filter(slug__in=[G_TOWN, WEEKENDSCHOOL]).update(kind=Intervention.Kind.COMMUNITY)
    Intervention.objects.filter(slug=HELMOND).update(kind=Intervention.Kind.EXPERIMENT)
    link_factor(HELMOND, 2, "De moedertaal van het kind wordt gezien als kapitaal.")
    link_factor(HELMOND, 11, "Ouders lezen voor in hun eigen taal.")
    link_factor(PARKSTAD, 11, "Ouders worden bij de overstap betrokken.")
    link_factor(G_TOWN, 21, "Kunst en cultuur na schooltijd.")
    link_direction(HELMOND, 1, 4, "De pilot zet meertaligheid in.")
    link_direction(PARKSTAD, 2, 4, "Ook de ouders gaan mee naar het vo.")
    link_direction(MIDDEN_GRONINGEN, 2, 4, "Ouders krijgen voorlichting over het vo.")


def found(client, query):
    """The first page's response, and the slugs the filtered list finds over all its pages."""
    first = None
    slugs, page = set(), 1
    while True:
        response = client.get(f"{LIST}?{query}&pagina={page}")
        assert response.status_code == 200
        first = first or response
        slugs |= set(card_slugs(response))
        if page >= response.context["page"].paginator.num_pages:
            return first, slugs
        page += 1


def facets(response):
    return {
        panel["name"]: {key: count for key, _label, _chosen, count in panel["options"]}
        for panel in response.context["panels"]
    }


# The soort and factor filters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("soort=community", {G_TOWN, WEEKENDSCHOOL}),
        ("soort=experiment", {HELMOND}),
        ("soort=community&soort=experiment", {G_TOWN, WEEKENDSCHOOL, HELMOND}),
        ("soort=community&thema=talentontwikkeling", {G_TOWN, WEEKENDSCHOOL}),
        ("factor=11", {HELMOND, PARKSTAD}),
        ("factor=21", {G_TOWN}),
        ("factor=2&factor=21", {HELMOND, G_TOWN}),
        ("factor=11&provincie=limburg", {PARKSTAD}),
        ("factor=11&soort=experiment", {HELMOND}),
        ("factor=1", set()),
    ],
)
def test_visitor_filters_by_kind_and_factor(visitor, links, query, expected):
    _response, slugs = found(visitor, query)
    assert slugs == expected


def test_soort_interventie_finds_everything_that_is_not_a_community_or_experiment(visitor, links):
    _response, slugs = found(visitor, "soort=interventie")
    published = set(Intervention.objects.published().values_list("slug", flat=True))
    assert slugs == published - {G_TOWN, WEEKENDSCHOOL, HELMOND}
    assert len(slugs) == len(published) - 3


def test_a_factor_linked_to_a_draft_finds_nothing(visitor, links):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status=Intervention.PublicationStatus.DRAFT)
    response, slugs = found(visitor, "factor=21")
    assert slugs == set()
    assert facets(response)["factor"]["21"] == 0


def test_kind_and_factor_options_show_what_they_would_find(visitor, links):
    response, _slugs = found(visitor, "factor=11")
    counts = facets(response)
    # Within factor 11 (Helmond, Parkstad): one experiment, one ordinary intervention.
    assert counts["soort"] == {"interventie": 1, "community": 0, "experiment": 1}
    # The factor's own options ignore the factor filter.
    assert {key: n for key, n in counts["factor"].items() if n} == {"2": 1, "11": 2, "21": 1}
    assert len(counts["factor"]) == Factor.objects.count()
    labels = {
        key: label
        for key, label, _chosen, _n in next(p for p in response.context["panels"] if p["name"] == "factor")["options"]
    }
    assert labels["11"] == "11. Ouderlijk support"
    assert list(labels)[:3] == ["1", "2", "3"]
    body = response.content.decode()
    assert '<input type="checkbox" name="factor" value="11" checked>11. Ouderlijk support ' in body
    assert '<input type="checkbox" name="soort" value="community">Community ' in body


def test_chosen_kind_and_factor_show_as_removable_chips(visitor, links):
    response, _slugs = found(visitor, "soort=community&factor=21")
    chips = {chip["label"]: (str(chip["filter"]), chip["url"]) for chip in response.context["chips"]}
    assert chips == {
        "Community": ("Soort", "?factor=21"),
        "21. Extra-curriculaire activiteiten": ("Factor", "?soort=community"),
    }
    assert "Soort: Community" in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected", "notices"),
    [
        ("soort=<script>", None, ["Onbekende waarde ‘<script>’ voor soort is genegeerd."]),
        ("soort=COMMUNITY", {G_TOWN, WEEKENDSCHOOL}, []),
        (
            "factor=999&factor=abc&factor=11",
            {HELMOND, PARKSTAD},
            [
                "Onbekende waarde ‘999’ voor factor is genegeerd.",
                "Onbekende waarde ‘abc’ voor factor is genegeerd.",
            ],
        ),
        ("factor=-1&factor=11.0", None, ["Onbekende waarde ‘-1’ voor factor is genegeerd."]),
    ],
)
def test_unknown_kinds_and_factors_are_ignored_with_a_notice(visitor, links, query, expected, notices):
    response, slugs = found(visitor, query)
    if expected is None:
        expected = set(Intervention.objects.published().values_list("slug", flat=True))  # unfiltered
    assert slugs == expected
    text = page_text(response)
    for notice in notices:
        assert notice in text


# The detail page


def test_detail_page_shows_the_background_section_with_reasons_and_links(visitor, links):
    response = visitor.get(reverse("interventions:detail", args=[HELMOND]))
    html = response.content.decode()
    text = page_text(response)
    assert "Achtergrond: factoren en oplossingsrichtingen" in text
    assert (
        "Achtergrond: factoren en oplossingsrichtingen De redactie van deze kennisbank legde deze koppelingen en "
        "schreef de toelichting erbij; ze komen niet uit de bronnen. "
        "Factoren achter ongelijke kansen waar deze aanpak aan werkt "
        "Factor 2: Cultureel kapitaal (niveau leerling) "
        "Toelichting van de redactie: De moedertaal van het kind wordt gezien als kapitaal. "
        "Factor 11: Ouderlijk support (niveau familie) "
        "Toelichting van de redactie: Ouders lezen voor in hun eigen taal."
    ) in text
    assert (
        "1.4 Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse taalachterstand "
        "Toelichting van de redactie: De pilot zet meertaligheid in."
    ) in text
    assert 'href="/kennis/factoren/2/"' in html
    assert 'href="/kennis/oplossingsrichtingen/1-4/"' in html
    assert '<li><a href="#achtergrond">Achtergrond</a></li>' in html


def test_detail_page_without_links_has_no_background_section(visitor, links):
    response = visitor.get(reverse("interventions:detail", args=[WEEKENDSCHOOL]))
    assert "Achtergrond" not in page_text(response)


def test_detail_page_labels_a_community_and_lists_its_participants(visitor, links):
    Intervention.objects.filter(slug=G_TOWN).update(participants="Gomarus College\n\n  Merewade College  \n")
    response = visitor.get(reverse("interventions:detail", args=[G_TOWN]))
    html = response.content.decode()
    assert '<p class="kind-label"><span class="visually-hidden">Soort: </span>Community</p>' in html
    assert "<ul><li>Gomarus College</li><li>Merewade College</li></ul>" in html
    assert '<li><a href="#deelnemers">Deelnemers</a></li>' in html


def test_an_ordinary_intervention_has_no_kind_label_and_no_participants(visitor, links):
    html = visitor.get(reverse("interventions:detail", args=[PARKSTAD])).content.decode()
    assert "kind-label" not in html
    assert "Deelnemers" not in html


def test_result_cards_label_communities_and_experiments(visitor, links):
    html = visitor.get(f"{LIST}?thema=talentontwikkeling").content.decode()
    assert html.count('<p class="kind-label"><span class="visually-hidden">Soort: </span>Community</p>') == 2


def test_empty_approach_and_results_leave_out_their_sections_and_contents_entries(visitor, links):
    Intervention.objects.filter(slug=G_TOWN).update(approach="", results="")
    html = visitor.get(reverse("interventions:detail", args=[G_TOWN])).content.decode()
    assert 'id="context"' in html
    for anchor in ["aanpak", "opbrengsten"]:
        assert f'id="{anchor}"' not in html
        assert f'href="#{anchor}"' not in html


def test_a_proposal_without_source_says_it_came_in_through_the_website(visitor, links):
    Intervention.objects.filter(slug=G_TOWN).update(source=None)
    response = visitor.get(reverse("interventions:detail", args=[G_TOWN]))
    assert response.status_code == 200
    assert "Bron: ingezonden via de website." in page_text(response)


@pytest.fixture
def layout_queries(visitor):
    """The queries of the page layout itself (header, footer), counted on the 404 page, which has nothing else."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert visitor.get("/bestaat-niet/").status_code == 404
    return len(context)


def test_detail_page_query_count_with_links(visitor, links, layout_queries, django_assert_num_queries):
    with django_assert_num_queries(len(DETAIL_QUERIES) + layout_queries):
        response = visitor.get(reverse("interventions:detail", args=[PARKSTAD]))
    assert len(response.context["intervention"].factor_links.all()) == 1
    assert len(response.context["intervention"].direction_links.all()) == 1


def test_search_results_label_a_community_as_such_and_other_results_by_their_kind(visitor, links):
    response = visitor.get(reverse("search"), {"q": "G-Town"})
    hits = {hit.url: hit.label for hit in response.context["page"].object_list}
    assert hits == {
        f"/interventies/{G_TOWN}/": "Community",
        "/lessen/7/": "Les",
        "/lessen/8/": "Les",
        "/lessen/10/": "Les",
    }
    assert '<p class="hit-kind">Community</p>' in response.content.decode()


# The knowledge pages


def test_factor_page_lists_the_published_interventions_of_each_factor(visitor, links):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status=Intervention.PublicationStatus.DRAFT)
    response = visitor.get(reverse("knowledge:factors"))
    html = response.content.decode()
    text = page_text(response)
    # By title: "De kracht van de moedertaal" before "Een soepele ...".
    assert (
        "Interventies die aan deze factor werken (koppeling door de redactie): De kracht van de moedertaal "
        "Toelichting van de redactie: Ouders lezen voor in hun eigen taal. "
        "Een soepele en succesvolle overstap van po naar vo "
        "Toelichting van de redactie: Ouders worden bij de overstap betrokken. "
        "Alle interventies bij deze factor"
    ) in text
    assert f'href="/interventies/{HELMOND}/"' in html
    assert 'href="/interventies/?factor=11"' in html
    assert 'href="/interventies/?factor=2"' in html
    # G-Town is a draft: factor 21 shows no interventions and no link to the list.
    assert "Kunst en cultuur na schooltijd." not in text
    assert 'href="/interventies/?factor=21"' not in html
    assert html.count("Alle interventies bij deze factor") == 2


def test_factor_page_link_leads_to_the_filtered_list(visitor, links):
    _response, slugs = found(visitor, "factor=2")
    assert slugs == {HELMOND}


def test_direction_page_lists_its_published_examples(visitor, links):
    Intervention.objects.filter(slug=MIDDEN_GRONINGEN).update(
        publication_status=Intervention.PublicationStatus.ARCHIVED
    )
    response = visitor.get(reverse("knowledge:direction", args=[2, 4]))
    text = page_text(response)
    assert (
        "Voorbeelden in de kennisbank De redactie van deze kennisbank koppelde deze interventies aan de "
        "oplossingsrichting en schreef de toelichting erbij; ze komen niet uit de bron. "
        "Een soepele en succesvolle overstap van po naar vo "
        "Toelichting van de redactie: Ook de ouders gaan mee naar het vo."
    ) in text
    assert "Ouders krijgen voorlichting over het vo." not in text
    assert f'href="/interventies/{PARKSTAD}/"' in response.content.decode()


def test_direction_without_examples_has_no_examples_heading(visitor, links):
    assert "Voorbeelden in de kennisbank" not in page_text(visitor.get(reverse("knowledge:direction", args=[3, 1])))


def test_factor_and_direction_pages_query_count_with_links(visitor, links, layout_queries, django_assert_num_queries):
    factor_queries = ["factors with their source", "their links to published interventions"]
    with django_assert_num_queries(len(factor_queries) + layout_queries):
        visitor.get(reverse("knowledge:factors"))
    direction_queries = ["direction", "themes", "reading items", "examples", "all directions for the pager"]
    with django_assert_num_queries(len(direction_queries) + layout_queries):
        visitor.get(reverse("knowledge:direction", args=[2, 4]))


def test_theme_page_shows_the_lessons_of_its_interventions_and_the_practice_questions(visitor):
    response = visitor.get(reverse("interventions:theme", args=["soepele-overgang"]))
    context_lessons = [lesson.number for lesson in response.context["lessons"]]
    # Lessons illustrated by Midden-Groningen, Samen van Start and Parkstad, each once.
    assert context_lessons == [3, 4, 7, 9]
    text = page_text(response)
    assert (
        "Lessen uit de interventies bij dit thema Les 3: Zet in op een vraaggerichte aanpak "
        "Les 4: Zorg voor goede samenwerking onderling"
    ) in text
    assert 'href="/lessen/9/"' in response.content.decode()
    assert "Praktijkkaart: vragen om jezelf te stellen" in text
    assert "Hoe gaan we er voor zorgen dat een kind met een kansrijk advies gaat slagen in het VO?" in text


def test_theme_page_lessons_leave_out_those_only_a_draft_illustrates(visitor):
    # With the theme's three interventions archived, no published intervention illustrates a lesson.
    Intervention.objects.filter(themes__slug="soepele-overgang").update(
        publication_status=Intervention.PublicationStatus.ARCHIVED
    )
    response = visitor.get(reverse("interventions:theme", args=["soepele-overgang"]))
    assert list(response.context["lessons"]) == []
    assert "Lessen uit de interventies bij dit thema" not in page_text(response)


# The seeded links (fixtures/links.json) and communities (fixtures/report.json)


def test_seeded_helmond_pilot_exemplifies_direction_1_4_meertaligheid(visitor):
    reason = "Het doel van de pilot was het inzetten van de thuistaal, het Pools, bij het Nederlands leren spreken."
    detail = page_text(visitor.get(reverse("interventions:detail", args=[HELMOND])))
    assert (
        "1.4 Maak gebruik van meertaligheid i.p.v. de focus te leggen op de Nederlandse taalachterstand "
        f"Toelichting van de redactie: {reason}" in (detail)
    )
    direction = page_text(visitor.get(reverse("knowledge:direction", args=[1, 4])))
    assert f"De kracht van de moedertaal Toelichting van de redactie: {reason}" in direction


def test_seeded_community_shows_its_kind_and_participating_schools(visitor):
    response = visitor.get(reverse("interventions:detail", args=["community-urban-education"]))
    html = response.content.decode()
    assert '<p class="kind-label"><span class="visually-hidden">Soort: </span>Community</p>' in html
    assert "<li>Mundus College Amsterdam</li><li>Basisschool Don Sarto, Tilburg Broekhoven</li>" in html
    _response, slugs = found(visitor, "soort=community")
    assert slugs == {"community-urban-education", "community-armoede"}


# The admin


def change_url(slug):
    return reverse("admin:interventions_intervention_change", args=[intervention(slug).pk])


def untouched(response):
    """The change form as a browser posts it unchanged: an empty file field sends no file."""
    data = change_form_data(response)
    data.pop("image", None)
    return data


def test_coordinator_links_a_factor_and_a_direction_to_an_intervention_of_their_region(coordinator_west, links):
    url = change_url(G_TOWN)
    page = coordinator_west.get(url)
    assert "Factoren waar deze interventie aan werkt" in page.content.decode()
    data = untouched(page)
    assert data["factor_links-TOTAL_FORMS"] == 1
    data.update(
        {
            "factor_links-TOTAL_FORMS": 2,
            "factor_links-1-factor": Factor.objects.get(number=29).pk,
            "factor_links-1-reason": "Leerlingen leren elkaar kennen.",
            "direction_links-TOTAL_FORMS": 1,
            "direction_links-0-direction": SolutionDirection.objects.get(meetup_theme__number=2, number=2).pk,
            "direction_links-0-reason": "Oudere leerlingen helpen jongere.",
        }
    )

    response = coordinator_west.post(url, data)

    assert response.status_code == 302, form_errors(response)
    g_town = intervention(G_TOWN)
    assert sorted(g_town.factor_links.values_list("factor__number", "reason")) == [
        (21, "Kunst en cultuur na schooltijd."),
        (29, "Leerlingen leren elkaar kennen."),
    ]
    assert list(g_town.direction_links.values_list("direction__number", "reason")) == [
        (2, "Oudere leerlingen helpen jongere.")
    ]
    # The intervention's history keeps its links, so restoring a version brings them back too.
    revision = Version.objects.get_for_object(g_town).first().revision
    saved = sorted(version.content_type.model for version in revision.version_set.all())
    assert saved.count("factorlink") == 2
    assert saved.count("directionlink") == 1


def test_coordinator_cannot_change_the_links_of_another_regions_intervention(coordinator_west, coordinator_zuid, links):
    url = change_url(PARKSTAD)
    data = untouched(coordinator_zuid.get(url))
    data["factor_links-0-reason"] = "Overschreven door West."

    assert coordinator_west.get(url).status_code == 403
    response = coordinator_west.post(url, data)

    assert response.status_code == 403
    assert list(intervention(PARKSTAD).factor_links.values_list("reason", flat=True)) == [
        "Ouders worden bij de overstap betrokken."
    ]


def test_a_link_needs_a_reason(redacteur, links):
    url = change_url(PARKSTAD)
    data = untouched(redacteur.get(url))
    data["factor_links-0-reason"] = ""

    response = redacteur.post(url, data)

    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert intervention(PARKSTAD).factor_links.get().reason == "Ouders worden bij de overstap betrokken."


def test_editor_sets_the_kind_and_participants_in_the_admin(redacteur, links):
    url = change_url(PARKSTAD)
    data = untouched(redacteur.get(url))
    data.update({"kind": "experiment", "participants": "Bernardinuscollege\nSintermeertencollege"})

    response = redacteur.post(url, data)

    assert response.status_code == 302, form_errors(response)
    parkstad = intervention(PARKSTAD)
    assert parkstad.kind == "experiment"
    assert parkstad.participant_list == ["Bernardinuscollege", "Sintermeertencollege"]
    changelist = redacteur.get(reverse("admin:interventions_intervention_changelist"), {"kind__exact": "experiment"})
    assert sorted(item.slug for item in changelist.context["cl"].result_list) == [HELMOND, PARKSTAD]


def test_each_factor_has_its_own_page_with_its_linked_interventions(visitor, links):
    Intervention.objects.filter(slug=PARKSTAD).update(publication_status=Intervention.PublicationStatus.DRAFT)
    response = visitor.get("/kennis/factoren/11/")
    assert response.status_code == 200
    text = page_text(response)
    html = response.content.decode()
    factor = Factor.objects.get(number=11)
    assert f"Factor 11 van 29, niveau familie {factor.name} {factor.definition}" in text
    # Parkstad is a draft: only Helmond is shown.
    assert (
        "Interventies die aan deze factor werken De redactie van deze kennisbank koppelde deze interventies aan de "
        "factor en schreef de toelichting erbij; ze komen niet uit de bron. "
        "De kracht van de moedertaal Toelichting van de redactie: Ouders lezen voor in hun eigen taal. "
        "Deze interventies in de lijst, om verder te filteren"
    ) in text
    assert "Ouders worden bij de overstap betrokken." not in text
    assert 'href="/interventies/?factor=11"' in html
    assert f'rel="prev">Vorige: factor 10, {Factor.objects.get(number=10).name}</a>' in html
    assert f'rel="next">Volgende: factor 12, {Factor.objects.get(number=12).name}</a>' in html


def test_a_factor_without_interventions_says_so(visitor, links):
    text = page_text(visitor.get("/kennis/factoren/1/"))
    assert "Nog geen interventie in deze kennisbank is aan deze factor gekoppeld." in text
    assert "Vorige: factor" not in text


@pytest.mark.parametrize(
    "path", ["/kennis/factoren/0/", "/kennis/factoren/30/", "/kennis/factoren/99999999999999999999/"]
)
def test_unknown_factor_numbers_answer_not_found(visitor, path):
    assert visitor.get(path).status_code == 404


def test_factor_page_query_count(visitor, links, django_assert_num_queries):
    # Factor with themes and links, previous, next, the count, and the footer's publications.
    with django_assert_num_queries(7):
        visitor.get("/kennis/factoren/11/")
