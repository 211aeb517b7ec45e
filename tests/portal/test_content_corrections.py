"""Issue 15's content corrections: the editors' reasons checked against their stories, and six fixes to the text.

Every expected text is compared with the copies of the sources in `tests/data/`; docs/content-decisions.md
("Reasons checked against their sources" and "Corrections of issue 15") records the decisions.
"""

import re

import pytest
from django.urls import reverse

from interventions.models import Intervention, Person, Publication
from knowledge.models import DirectionLink, Factor, FactorLink, SolutionDirection
from lessons.models import LessonIllustration
from municipalities.models import Municipality
from tests.helpers import DATA
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def _flat(text):
    return " ".join(text.split())


BUNDLE = _flat((DATA / "land-vol-kansen.txt").read_text(encoding="utf-8"))
REPORT = _flat((DATA / "rapportage-2020.txt").read_text(encoding="utf-8"))
# The second extraction of the briefing (001) keeps its line breaks inside sentences; joined, it reads on.
BRIEFING_001 = _flat((DATA / "meetup-briefing-extractie-2.txt").read_text(encoding="utf-8"))


def _links():
    return [
        *LessonIllustration.objects.select_related("intervention"),
        *FactorLink.objects.select_related("intervention"),
        *DirectionLink.objects.select_related("intervention"),
    ]


def _story(intervention):
    return _flat(" ".join([intervention.context, intervention.approach, intervention.results]))


# --- The 72 reasons ---------------------------------------------------------------------------------------


def test_all_72_links_were_checked_and_none_had_to_be_dropped():
    assert (LessonIllustration.objects.count(), FactorLink.objects.count(), DirectionLink.objects.count()) == (
        24,
        31,
        17,
    )


def test_every_quotation_inside_a_reason_stands_word_for_word_in_its_story():
    quoted = [
        (link.intervention.slug, passage)
        for link in _links()
        for passage in re.findall(r"‘([^’]+)’", link.reason)
        if passage not in _story(link.intervention)
    ]
    assert quoted == []


def test_no_reason_speaks_about_the_bundles_lessons_instead_of_the_story():
    # "les 5 komt hier rechtstreeks vandaan", "les 8 neemt de woorden van dit verhaal over": the stories say neither.
    assert [link.reason for link in _links() if re.search(r"\bles \d", link.reason)] == []


SIX = [
    pytest.param(
        LessonIllustration,
        {"lesson__number": 4},
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
        "Volgens Ilse is het belangrijk elkaars werkwijze te begrijpen; in dialoogsessies kwam naar voren dat "
        "werkbezoeken tussen het primair en voortgezet onderwijs hard nodig zijn.",
        ["In dialoogsessies is bijvoorbeeld naar voren gekomen dat werkbezoeken tussen het primair en voortgezet "
         "onderwijs hard nodig zijn."],
        id="lesson 4, Midden-Groningen: work visits called necessary, not held",
    ),
    pytest.param(
        LessonIllustration,
        {"lesson__number": 3},
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
        "In plaats van te kijken naar wat er volgens de procedures niet kan, wordt gekeken naar wat wel kan, ondanks "
        "de regels; zo wordt gezocht naar de beste oplossing voor het kind of gezin.",
        ["wordt er focust op: Wat kan ik, ondanks de regels.",
         "Zo wordt er gezocht naar de beste oplossing voor het kind of gezin."],
        id="lesson 3, Parkstad: no question the story never asks",
    ),
    pytest.param(
        LessonIllustration,
        {"lesson__number": 1},
        "het-succes-van-de-wijkaanpak",
        "Samen plannen maken met kinderen en ouders is een van de uitgangspunten; met de ‘challenge’, waarin een jury "
        "de beste plannen van de kinderen honoreerde, werd de behoefte van de kinderen duidelijk.",
        ["Samen plannen maken met kinderen en ouders, in plaats vóór hen, is één van de uitgangspunten.",
         "Kinderen presenteerden ideeën, waarna een jury – met daarin onder anderen de wethouder – de beste plannen "
         "honoreerde.",
         "Ook werd met de 'challenge' de behoefte van de kinderen duidelijk."],
        id="lesson 1, Heerenveen: a jury chose",
    ),
    pytest.param(
        LessonIllustration,
        {"lesson__number": 5},
        "wegwijs-in-gedrag",
        "De kern van de interventie is dat leerkrachten leren om meervoudig perspectief in te nemen, vertelt intern "
        "begeleider Charissa van Tintelen.",
        ["Intern begeleider Charissa van Tintelen vertelt: 'De kern van de interventie is dat leerkrachten leren om "
         "meervoudig perspectief in te nemen."],
        id="lesson 5, Wegwijs in Gedrag: what the story says, not where the lesson comes from",
    ),
    pytest.param(
        FactorLink,
        {"factor__number": 29},
        "g-town",
        "Sociaal gezien verbeteren de onderlinge relaties tussen de leerlingen; door elkaars achtergrond te leren "
        "kennen, groeit het wederzijds begrip.",
        ["Sociaal gezien verbeteren de onderlinge relaties tussen de leerlingen.",
         "Door elkaars achtergrond te leren kennen, groeit het wederzijds begrip."],
        id="factor 29, G-Town: two findings, no cause and effect between them",
    ),
    pytest.param(
        FactorLink,
        {"factor__number": 11},
        "community-aanpak-gelijke-kansen",
        "De community-aanpak is onderdeel van het bredere programma Gelijke Kansen; een van de drie pijlers van dat "
        "programma is samenwerken met ouders.",
        ["Deze community-aanpak is onderdeel van het bredere programma Gelijke Kansen, dat gericht is op drie pijlers:",
         "- (2) Samenwerken met ouders: samenwerking zorgt ervoor dat kinderen het beste uit zich halen."],
        id="factor 11, Den Bosch: the pillar is the wider programme's",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("model", "target", "slug", "reason", "source_sentences"), SIX)
def test_the_six_reasons_the_issue_names_now_say_only_what_the_story_says(
    model, target, slug, reason, source_sentences
):
    assert model.objects.get(intervention__slug=slug, **target).reason == reason
    for sentence in source_sentences:
        assert sentence in BUNDLE
        assert sentence in _story(Intervention.objects.get(slug=slug))


def test_lesson_page_shows_the_rewritten_reason(visitor):
    text = page_text(visitor.get("/lessen/1/"))
    assert "met de ‘challenge’, waarin een jury de beste plannen van de kinderen honoreerde" in text
    assert "bepaalden zelf mee" not in text


# --- Corrections -------------------------------------------------------------------------------------------

MEIERIJSTAD = [
    "de-flexibele-tutor",
    "de-mobiele-brigade",
    "taalonderzoek-meierijstad",
    "het-bevorderen-van-non-cognitieve-vaardigheden",
]
MEIERIJSTAD_INTRO = (
    "Gemeente Meierijstad sluit met haar projecten op het gebied van gelijke kansen naadloos aan op de thema's van "
    'de Gelijke Kansen Alliantie. Wethouder Coby van der Pas: "Onze ambitie is dat we ieder kind gelijke kansen '
    "bieden om zijn talenten te ontwikkelen, zodat het volwaardig mee kan doen in de samenleving en een passende "
    "plek in het arbeidsproces kan vinden. Op die manier hopen we bij te dragen aan het geluk, welzijn en "
    'welbevinden van kinderen." Hiervoor heeft de gemeente samen met het onderwijs en andere partners (zoals '
    "samenwerkingsverbanden passend onderwijs, kinderopvang en welzijn) een educatieve agenda opgesteld."
)
MEIERIJSTAD_CLOSING = (
    '"Momenteel zijn we bezig met het verzamelen van aanvullende projecten vanuit het onderwijsveld. Daarna willen '
    'we kijken hoe we die kunnen uitvoeren met ondersteuning van de GKA."'
)


def test_meierijstad_page_text_is_restored_in_the_shared_context_of_its_four_projects(visitor):
    assert "Goede start voor elk kind " + MEIERIJSTAD_INTRO in REPORT
    assert MEIERIJSTAD_CLOSING in REPORT
    for slug in MEIERIJSTAD:
        paragraphs = Intervention.objects.get(slug=slug).context.split("\n\n")
        assert paragraphs[:2] == ["Goede start voor elk kind", MEIERIJSTAD_INTRO]
        assert paragraphs[2].startswith("In de lokale educatieve agenda is verwoord")
        assert paragraphs[3:] == [MEIERIJSTAD_CLOSING]
    text = page_text(visitor.get(reverse("interventions:detail", args=["de-mobiele-brigade"])))
    assert "Goede start voor elk kind" in text
    assert 'Wethouder Coby van der Pas: "Onze ambitie is dat we ieder kind gelijke kansen bieden' in text


def test_meierijstads_pull_quote_is_on_one_record_and_credited_to_no_one():
    quotes = [quote for slug in MEIERIJSTAD for quote in Intervention.objects.get(slug=slug).quotes.all()]
    assert len(quotes) == 1
    quote = quotes[0]
    assert _flat(quote.text) in REPORT
    # The report sets it on its own, after the page text; no name stands with it.
    assert "ontwikkelen en ze goede ondersteuning te bieden." in quote.text
    assert (quote.intervention.slug, quote.speakers.count(), quote.attribution) == ("de-flexibele-tutor", 0, "")


def test_factor_list_keeps_the_reports_thirty_and_says_it_lists_29(visitor):
    sentence = (
        "Op basis van literatuuronderzoek en interviews met onderwijsprofessionals komen zij tot dertig factoren op "
        "vijf niveaus: leerling, familie, school, wijk en samenleving."
    )
    assert sentence in REPORT.replace("**", "")
    text = page_text(visitor.get(reverse("knowledge:factors")))
    assert sentence in text
    assert (
        "Noot van de redactie: de rapportage spreekt van dertig factoren, maar somt er 29 op. Hieronder staan die 29, "
        "genummerd zoals in de rapportage."
    ) in text
    assert Factor.objects.count() == 29
    assert sorted(Factor.objects.values_list("number", flat=True)) == list(range(1, 30))


def test_briefing_spelling_follows_the_second_extraction(visitor):
    assert "de ouders betrekken kan soms best wel een kluif zijn." in BRIEFING_001
    assert "volgen een tweejarig programma waarin ze voorbe- reid worden" in BRIEFING_001
    direction_2_4 = SolutionDirection.objects.get(meetup_theme__number=2, number=4)
    direction_3_1 = SolutionDirection.objects.get(meetup_theme__number=3, number=1)
    assert "Echter, de ouders betrekken kan soms best wel een kluif zijn." in direction_2_4.text
    assert "Deelnemers aan Teach First volgen een tweejarig programma waarin ze voorbereid worden" in (
        direction_3_1.text
    )
    assert "kluit" not in page_text(visitor.get(reverse("knowledge:direction", args=[2, 4])))
    assert "tweearig" not in page_text(visitor.get(reverse("knowledge:direction", args=[3, 1])))


def test_onder_advisering_stays_as_the_bundle_prints_it():
    assert "De regio kent relatief veel onder advisering, er worden" in BUNDLE
    context = Intervention.objects.get(slug="de-overstap-van-primair-naar-voortgezet-onderwijs").context
    assert "De regio kent relatief veel onder advisering, er worden" in context
    assert "onderadvisering" not in context


def test_wim_horsch_has_his_caption_as_the_bundle_prints_it(visitor):
    caption = "Strategisch Adviseur College van Bestuur van Stichting Voortgezet Onderwijs Parkstad Limburg"
    assert f"**Wim Horsch** {caption} ## SOEPELE OVERGANG" in BUNDLE
    person = Person.objects.get(name="Wim Horsch")
    assert (person.role, person.organisation) == (caption, "")
    text = page_text(
        visitor.get(reverse("interventions:detail", args=["een-soepele-en-succesvolle-overstap-van-po-naar-vo"]))
    )
    assert f"Wim Horsch {caption}" in text


def test_the_report_is_dated_by_its_colofon():
    assert "Colofon Deze voortgangsrapportage is gerealiseerd in opdracht van" in REPORT
    assert re.search(r"Colofon .{0,200}? Januari 2021 Concept & creatie", REPORT)
    assert Publication.objects.get(slug="rapportage-2020-gelijke-kansen-alliantie").year == 2021


def test_every_place_of_the_bundle_is_a_gka_member_without_an_invented_year(visitor):
    assert "Elk van deze plekken koos een eigen aanpak, met een eigen GKA-agenda als basis." in BUNDLE
    assert "Elke gemeente die is aangesloten bij de Gelijke Kansen Alliantie heeft zijn eigen agenda." in REPORT
    bundle_places = Municipality.objects.filter(interventions__source__slug="land-vol-kansen").distinct()
    assert bundle_places.count() == 18
    assert set(bundle_places.values_list("gka_member", flat=True)) == {True}
    # No bundle place is among the report's 2020 newcomers (Gouda, Utrecht, Meierijstad): the year stays unknown.
    assert set(bundle_places.values_list("gka_member_since", flat=True)) == {None}
    text = page_text(visitor.get("/gemeenten/gorinchem/"))
    assert "De gemeente is aangesloten bij de Gelijke Kansen Alliantie." in text
    assert "aangesloten bij de Gelijke Kansen Alliantie sinds" not in text
