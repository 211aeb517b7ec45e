"""Text the editors wrote is marked as theirs (issue 15): every reason for a link stands under "Toelichting
van de redactie", theme descriptions and assigned labels say they are the editors', no "Bron:" line stands
over the editors' links, and the about page says which text comes from which source."""

import pytest
from django.urls import reverse

from interventions.models import Intervention, Publication, TargetGroup
from knowledge.models import DirectionLink, Factor, FactorLink, SolutionDirection
from lessons.models import Lesson, LessonIllustration
from tests.helpers.pages import missing, page_text

pytestmark = pytest.mark.django_db

LABEL = "Toelichting van de redactie"
PUBLISHED = {"intervention__publication_status": Intervention.PublicationStatus.PUBLISHED}
SOURCE_LINE = '<p class="source">Bron:'
LINK_LIST = '<ul class="knowledge-links"'
NOTE = '<p class="editorial-note">'


def assert_reasons_labelled(response, reasons):
    """Exactly `reasons` are shown, each right after its own label: as many labels as reasons."""
    text = page_text(response)
    assert text.count(LABEL) == len(reasons)
    for reason in reasons:
        assert f"{LABEL}: {reason}" in text


def test_intervention_page_labels_every_lesson_factor_and_direction_reason(visitor):
    shown = 0
    for intervention in Intervention.objects.published():
        reasons = [
            *LessonIllustration.objects.filter(intervention=intervention).values_list("reason", flat=True),
            *FactorLink.objects.filter(intervention=intervention).values_list("reason", flat=True),
            *DirectionLink.objects.filter(intervention=intervention).values_list("reason", flat=True),
        ]
        assert_reasons_labelled(visitor.get(intervention.get_absolute_url()), reasons)
        shown += len(reasons)
    assert shown > 0


def test_lesson_pages_label_every_reason(visitor):
    shown = 0
    for lesson in Lesson.objects.all():
        reasons = LessonIllustration.objects.filter(lesson=lesson, **PUBLISHED).values_list("reason", flat=True)
        response = visitor.get(lesson.get_absolute_url())
        assert_reasons_labelled(response, list(reasons))
        assert "Waarom:" not in page_text(response)
        shown += len(reasons)
    assert shown == LessonIllustration.objects.filter(**PUBLISHED).count() > 0


def test_factor_pages_and_their_list_label_every_reason(visitor):
    every = []
    for factor in Factor.objects.all():
        reasons = list(FactorLink.objects.filter(factor=factor, **PUBLISHED).values_list("reason", flat=True))
        assert_reasons_labelled(visitor.get(factor.get_absolute_url()), reasons)
        every += reasons
    assert every
    assert_reasons_labelled(visitor.get(reverse("knowledge:factors")), every)


def test_direction_pages_label_every_reason(visitor):
    shown = 0
    for direction in SolutionDirection.objects.all():
        reasons = list(DirectionLink.objects.filter(direction=direction, **PUBLISHED).values_list("reason", flat=True))
        assert_reasons_labelled(visitor.get(direction.get_absolute_url()), reasons)
        shown += len(reasons)
    assert shown > 0


def test_the_label_is_text_a_screen_reader_reads_not_a_tooltip(visitor):
    body = visitor.get("/interventies/wegwijs-in-gedrag/").content.decode()
    assert (
        '<p class="reason"><span class="editorial-label">Toelichting van de redactie'
        '<span class="visually-hidden">:</span></span> '
    ) in body
    assert "title=" not in body.split('id="lessen"')[1].split("</section>")[0]


def pages_with_editorial_links():
    yield "/interventies/wegwijs-in-gedrag/"
    yield reverse("knowledge:factors")
    for factor in Factor.objects.filter(factor_links__isnull=False).distinct():
        yield factor.get_absolute_url()
    for direction in SolutionDirection.objects.filter(direction_links__isnull=False).distinct():
        yield direction.get_absolute_url()


def test_no_source_line_stands_over_the_editors_links(visitor):
    """The "Bron:" line comes before the editors' links, and a note saying whose they are stands between."""
    checked = 0
    for url in pages_with_editorial_links():
        body = visitor.get(url).content.decode()
        assert body.count(SOURCE_LINE) == 1, url
        source = body.index(SOURCE_LINE)
        first_list = body.index(LINK_LIST)
        assert source < first_list, url
        between = body[source:first_list]
        assert NOTE in between or "(koppeling door de redactie)" in between, url
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    ("url", "source_text", "first_link"),
    [
        ("/kennis/factoren/11/", "Bron: Rapportage 2020", "Interventies die aan deze factor werken"),
        ("/kennis/oplossingsrichtingen/1-4/", "Bron: Briefing – Meetup Hilversum", "Voorbeelden in de kennisbank"),
        ("/interventies/wegwijs-in-gedrag/", "Bron: Land vol kansen", "Lessen uit deze interventie"),
    ],
)
def test_the_source_line_comes_before_the_editors_links_not_after(visitor, url, source_text, first_link):
    text = page_text(visitor.get(url))
    assert text.index(source_text) < text.index(first_link) < text.index(LABEL)
    assert "Bron:" not in text[text.index(first_link) :]


def test_factor_and_direction_pages_say_whose_links_they_are(visitor):
    assert (
        "De redactie van deze kennisbank koppelde deze interventies aan de factor en schreef de toelichting erbij; "
        "ze komen niet uit de bron."
    ) in page_text(visitor.get("/kennis/factoren/11/"))
    assert (
        "De redactie van deze kennisbank koppelde deze interventies aan de oplossingsrichting en schreef de "
        "toelichting erbij; ze komen niet uit de bron."
    ) in page_text(visitor.get("/kennis/oplossingsrichtingen/1-4/"))
    factors = page_text(visitor.get(reverse("knowledge:factors")))
    assert (
        "De factoren en hun omschrijvingen komen uit deze bron. Welke interventies aan een factor werken, en de "
        "toelichting daarbij, zijn van de redactie van deze kennisbank."
    ) in factors
    assert "Interventies die aan deze factor werken (koppeling door de redactie):" in factors


def test_lesson_pages_say_the_links_are_the_editors(visitor):
    assert (
        "De redactie van deze kennisbank koppelde deze interventies aan de les en schreef de toelichting erbij; "
        "de bundel koppelt lessen en interventies niet."
    ) in page_text(visitor.get("/lessen/8/"))
    assert "Te zien in (koppeling door de redactie): " in page_text(visitor.get("/lessen/"))


# Themes and target groups


def test_theme_descriptions_are_marked_as_the_editors(visitor):
    note = "Indeling en beschrijving door de redactie"
    themes = page_text(visitor.get(reverse("interventions:themes")))
    assert (
        f"{note}: de redactie van deze kennisbank schreef de beschrijvingen van de thema's en deelt de interventies in."
    ) in themes
    theme = page_text(visitor.get("/themas/meertaligheid/"))
    assert (
        "De thuistaal van kinderen als kracht inzetten bij het leren van het Nederlands. "
        f"{note}: de redactie van deze kennisbank schreef de beschrijving van dit thema en deelt de interventies in."
    ) in theme


def test_intervention_facts_mark_themes_and_target_groups_as_the_editors(visitor):
    text = page_text(visitor.get("/interventies/social-worker-in-het-primair-onderwijs/"))
    assert not missing(
        text,
        "Thema's Verbinding school, thuis & omgeving (indeling van de redactie)",
        "Doelgroepen Jonge kind en voorschool, Primair onderwijs, Ouders (indeling van de redactie)",
    )


def test_every_intervention_with_target_groups_marks_them(visitor):
    marked = 0
    for intervention in Intervention.objects.published().filter(target_groups__isnull=False).distinct():
        groups = ", ".join(TargetGroup.objects.filter(interventions=intervention).values_list("name", flat=True))
        text = page_text(visitor.get(intervention.get_absolute_url()))
        assert f"Doelgroepen {groups} (indeling van de redactie)" in text, intervention.slug
        marked += 1
    assert marked >= 15


def test_knowledge_theme_links_are_marked_as_the_editors(visitor):
    assert "Thema's (indeling van de redactie): Verbinding school, thuis & omgeving" in page_text(
        visitor.get("/kennis/factoren/11/")
    )


# The about page


def test_about_page_no_longer_claims_everything_comes_from_publications(visitor):
    text = page_text(visitor.get(reverse("about")))
    assert "Alle inhoud komt uit openbare publicaties" not in text
    assert not missing(
        text,
        "De teksten van de interventies, lessen en kennis komen uit deze publicaties. Een pagina met tekst uit een "
        "publicatie noemt die in een regel “Bron: …”.",
        "Tekst van de redactie Niet alles komt uit de bronnen. Dit schreef of koos de redactie van deze kennisbank "
        "zelf: welke interventies bij een les, een factor of een oplossingsrichting horen, en de toelichting bij elke "
        "koppeling: de bronnen leggen die koppelingen niet. Op de pagina's staat de toelichting onder “Toelichting "
        "van de redactie”;",
        "de beschrijvingen van de thema's, de thema's en doelgroepen bij de interventies uit de bronnen (gemarkeerd "
        "met “indeling van de redactie”)",
        "de korte beschrijvingen van de bronnen hierboven",
    )


def test_about_page_says_what_each_source_gives_from_the_database(visitor):
    text = page_text(visitor.get(reverse("about")))
    bundle = Publication.objects.get(slug=Publication.BUNDLE_SLUG)
    assert f"{bundle.title}, {bundle.publisher}: 15 interventies, 10 lessen." in text
    for publication in Publication.objects.all():
        assert publication.title in text
    report = Publication.objects.filter(insights__isnull=False, factors__isnull=False).distinct().get()
    kinds = Intervention.objects.published().filter(source=report)
    expected = [
        f"{kinds.filter(kind=Intervention.Kind.INTERVENTION).count()} interventies",
        f"{kinds.filter(kind=Intervention.Kind.COMMUNITY).count()} communities",
        f"{kinds.filter(kind=Intervention.Kind.EXPERIMENT).count()} experimenten",
        f"{report.insights.count()} inzichten",
        f"{Factor.objects.filter(source=report).count()} factoren",
    ]
    assert ", ".join(expected) in text


def test_about_page_counts_only_published_interventions(visitor):
    Intervention.objects.filter(slug="g-town").update(publication_status=Intervention.PublicationStatus.DRAFT)
    bundle = Publication.objects.get(slug=Publication.BUNDLE_SLUG)
    assert f"{bundle.publisher}: 14 interventies, 10 lessen." in page_text(visitor.get(reverse("about")))


def test_about_page_needs_a_fixed_number_of_queries(visitor, django_assert_num_queries):
    # The publications with their counts, the interventions per source and kind, the submitted ones, and the
    # footer's source publications.
    with django_assert_num_queries(4):
        assert visitor.get(reverse("about")).status_code == 200
