"""The 2020 progress report's interventions, places, agenda themes and the cross-links, faithful to the source.

The tests read their own copy of the report (`tests/data/rapportage-2020.txt`, byte-identical to the
extraction) and check the seeded content against it, allowing only the repairs that docs/content-decisions.md
("Interventions, places and agenda themes from the 2020 report") records.
"""

import hashlib
import re

import pytest
from django.utils.html import escape

from interventions.models import Intervention, Person, Quote
from knowledge.models import AgendaTheme, DirectionLink, FactorLink
from municipalities.models import Municipality
from tests.helpers import DATA
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

DATA_FILE = DATA / "rapportage-2020.txt"
REPORT_SHA256 = "166aadf0d77286e66f7621418f388b84267f1fc576e11b991366df776180c983"
REPORT_TEXT = DATA_FILE.read_text(encoding="utf-8")
REPORT = "rapportage-2020-gelijke-kansen-alliantie"

COMMUNITIES = ["community-urban-education", "community-armoede"]
EXPERIMENTS = ["rotterdams-goud", "stagemakelaar"]
MUNICIPAL_PROJECTS = [
    "betekenisvol-door-samenwerking",
    "lesgeven-in-grootstedelijke-context",
    "de-flexibele-tutor",
    "de-mobiele-brigade",
    "taalonderzoek-meierijstad",
    "het-bevorderen-van-non-cognitieve-vaardigheden",
]


def _flat(text):
    return " ".join(text.split())


# The report with its extraction artefacts repaired, as the decisions record: words broken by hyphenation.
REPAIRED_REPORT = _flat(
    REPORT_TEXT.replace("onderzoeks-trajecten", "onderzoekstrajecten").replace("meege- maakt", "meegemaakt")
)


def _sentences(field_text):
    """Each sentence of a field, without the list markup the fixtures add ("- (1) ") or a heading's colon."""
    for line in field_text.splitlines():
        line = re.sub(r"^- (\(\d\) )?", "", line.strip()).removesuffix(":")
        yield from (sentence for sentence in re.split(r"(?<=[.?!”\"])\s+", line) if sentence)


def report_interventions():
    return Intervention.objects.filter(source__slug=REPORT).order_by("source_position")


def test_the_copy_of_the_report_is_the_source_extraction():
    assert hashlib.sha256(DATA_FILE.read_bytes()).hexdigest() == REPORT_SHA256


def test_the_report_adds_two_communities_two_experiments_and_six_municipal_projects():
    assert list(report_interventions().values_list("slug", flat=True)) == MUNICIPAL_PROJECTS + COMMUNITIES + EXPERIMENTS
    assert sorted(Intervention.objects.filter(kind="community").values_list("slug", flat=True)) == sorted(COMMUNITIES)
    assert sorted(Intervention.objects.filter(kind="experiment").values_list("slug", flat=True)) == sorted(EXPERIMENTS)
    # The bundle's fifteen plus the six projects of the new GKA municipalities.
    assert Intervention.objects.filter(kind="interventie").count() == 21
    assert Intervention.objects.filter(kind="interventie", source__slug=REPORT).count() == 6
    assert not report_interventions().exclude(publication_status="published").exists()


@pytest.mark.parametrize("field", ["context", "approach", "results"])
def test_every_sentence_of_the_report_interventions_stands_in_the_report(field):
    missing = [
        (intervention.slug, sentence)
        for intervention in report_interventions()
        for sentence in _sentences(getattr(intervention, field))
        if _flat(sentence) not in REPAIRED_REPORT
    ]
    assert missing == []


def test_every_quote_stands_in_the_report_and_has_its_speaker():
    quotes = [quote for intervention in report_interventions() for quote in intervention.quotes.all()]
    assert len(quotes) == 24
    assert [quote.text for quote in quotes if _flat(quote.text) not in REPAIRED_REPORT] == []
    # Meierijstad's closing pull quote is set without a name, so it has no speaker (see test_content_corrections).
    assert [quote.intervention.slug for quote in quotes if quote.speakers.count() != 1] == ["de-flexibele-tutor"]


def test_spot_checks_of_exact_sentences():
    stagemakelaar = Intervention.objects.get(slug="stagemakelaar")
    assert stagemakelaar.context.endswith(
        "Het experiment Stagemakelaar in Amsterdam en Rotterdam onderzoekt het probleem in de praktijk."
    )
    assert "Het experiment loopt tussen november 2019 en november 2021." in stagemakelaar.approach
    assert stagemakelaar.start_year == 2019
    assert stagemakelaar.results == ""

    goud = Intervention.objects.get(slug="rotterdams-goud")
    assert goud.context.startswith(
        "Rotterdams Goud is afgeleid van een onderwijsconcept uit New York, genaamd Uncommon Schools."
    )
    assert "- Hoge verwachtingen ten aanzien van alle leerlingen\n" in goud.approach
    assert goud.status == "pilot"
    assert goud.start_year is None

    cue = Intervention.objects.get(slug="community-urban-education")
    assert "Aan de community zijn twee grootschalige onderzoekstrajecten gekoppeld." in cue.approach
    assert cue.results.endswith("Er worden zo'n 40.000 leerlingen bereikt.")
    assert cue.reach == (
        "vier gemeenten, 36 scholen en ruim 1.500 leraren in het primair en voortgezet onderwijs en op het mbo; "
        "zo'n 40.000 leerlingen"
    )

    tutor = Intervention.objects.get(slug="de-flexibele-tutor")
    assert tutor.approach == (
        "In groep 1 en 2 geven tutores de kinderen die Voor- en Vroegschoolse Educatie (VVE) hebben gehad nog een "
        "tijdje extra begeleiding om de overgang naar de basisschool zo soepel mogelijk te laten verlopen."
    )
    brigade = Intervention.objects.get(slug="de-mobiele-brigade")
    assert "komt de mobiele brigade in actie." in brigade.approach
    # Where the report is silent, the field stays empty.
    assert [i.slug for i in report_interventions() if i.results] == ["community-urban-education", "community-armoede"]


def test_participants_are_the_schools_the_report_names():
    goud = Intervention.objects.get(slug="rotterdams-goud")
    listed = re.search(r"Aan de pilot doen de volgende scholen mee:\n\n((?:\d\. .+\n)+)", REPORT_TEXT).group(1)
    assert goud.participant_list == [re.sub(r"^\d\. ", "", line) for line in listed.splitlines()]
    assert len(goud.participant_list) == 7

    armoede = Intervention.objects.get(slug="community-armoede")
    assert armoede.participant_list[0] == "Jeugdeducatiefonds"
    schools = re.findall(r"Gemeente (\w+)\nBasisscholen: (.+),\n(.+)\n", REPORT_TEXT)
    expected = [f"{name.strip()}, {place}" for place, first, rest in schools for name in [first, *rest.split(",")]]
    assert armoede.participant_list[1:] == expected
    assert len(expected) == 15
    assert (
        "Vossius Gymnasium, Amsterdam Oud-Zuid"
        in Intervention.objects.get(slug="community-urban-education").participant_list
    )


@pytest.mark.parametrize(
    ("slug", "places"),
    [
        ("community-urban-education", {"Amsterdam", "Den Haag", "Rotterdam", "Tilburg"}),
        ("community-armoede", {"Amsterdam", "Enschede", "Groningen", "Heerlen", "Rotterdam"}),
        ("rotterdams-goud", {"Rotterdam"}),
        ("stagemakelaar", {"Amsterdam", "Rotterdam"}),
        ("betekenisvol-door-samenwerking", {"Gouda"}),
        ("lesgeven-in-grootstedelijke-context", {"Utrecht"}),
        ("de-flexibele-tutor", {"Meierijstad"}),
        ("de-mobiele-brigade", {"Meierijstad"}),
        ("taalonderzoek-meierijstad", {"Meierijstad"}),
        ("het-bevorderen-van-non-cognitieve-vaardigheden", {"Meierijstad"}),
    ],
)
def test_each_report_intervention_runs_where_the_report_says(slug, places):
    intervention = Intervention.objects.get(slug=slug)
    assert {m.name for m in intervention.municipalities.all()} == places


def test_people_are_the_school_leaders_and_wethouders_the_report_portrays():
    cue = Intervention.objects.get(slug="community-urban-education")
    assert [(p.name, p.organisation) for p in cue.people.filter(is_portrayed=True)] == [
        ("Dyane Brummelhuis", "Mundus College Amsterdam"),
        ("Nikkie van Groenendaal", "Basisschool Don Sarto"),
        ("Sita Remesar", "Vossius Gymnasium"),
        ("Jeroen Bos", "Rijswijks Lyceum"),
        ("Ingrid Tuinenburg", "ROC Albeda Zorgcollege"),
    ]
    highlighted = cue.quotes.get(is_highlighted=True)
    assert [s.name for s in highlighted.speakers.all()] == ["Dyane Brummelhuis"]
    nikkie = cue.quotes.filter(speakers__name="Nikkie van Groenendaal").first()
    assert nikkie.text == (
        "Ik wil dat iedereen een groter geloof ontwikkelt in het eigen kunnen. Dat geldt voor onze leerlingen, "
        "maar dus ook voor de collega’s."
    )
    armoede = Intervention.objects.get(slug="community-armoede")
    assert [p.role for p in armoede.people.filter(is_portrayed=True)] == [
        "schooldirecteur uit Maastricht",
        "schooldirecteur uit Veendam",
        "schooldirecteur uit Rotterdam",
    ]
    assert Intervention.objects.get(slug="betekenisvol-door-samenwerking").people.get().name == "Thierry van Vugt"
    assert Intervention.objects.get(slug="lesgeven-in-grootstedelijke-context").people.get().name == "Anke Klein"
    assert {i.people.get().name for i in Intervention.objects.filter(municipalities__slug="meierijstad")} == {
        "Coby van der Pas"
    }


def test_municipalities_the_report_names_are_all_there():
    named = [
        "Amsterdam", "Breda", "Den Bosch", "Den Haag", "Eindhoven", "Enschede", "Gouda", "Groningen", "Heerlen",
        "Hoogeveen", "Leiden", "Maastricht", "Meierijstad", "Nijmegen", "Rotterdam", "Schiedam", "Sittard-Geleen",
        "Soest", "Tilburg", "Utrecht", "Veendam",
    ]  # fmt: skip
    for name in named:
        assert name in REPORT_TEXT
    assert set(named) <= set(Municipality.objects.values_list("name", flat=True))
    assert Municipality.objects.count() == 18 + 18
    assert Municipality.objects.get(slug="den-haag").official_name == "'s-Gravenhage"


def test_gka_membership_only_where_a_source_states_it():
    members = Municipality.objects.filter(gka_member=True)
    # The report's members, and the bundle's eighteen places: each works from its own GKA agenda (foreword), and
    # "Elke gemeente die is aangesloten bij de Gelijke Kansen Alliantie heeft zijn eigen agenda" (report).
    assert sorted(members.values_list("slug", flat=True)) == [
        "alkmaar", "almere", "amersfoort", "amsterdam", "brunssum", "den-bosch", "den-haag", "gorinchem", "gouda",
        "groningen", "heerenveen", "heerlen", "helmond", "hoogeveen", "hoorn", "kerkrade", "landgraaf",
        "meierijstad", "midden-groningen", "nijmegen", "oldenzaal", "oude-ijsselstreek", "rotterdam", "schiedam",
        "sudwest-fryslan", "utrecht", "westerkwartier",
    ]  # fmt: skip
    # "Nieuwe gemeenten die zich dit jaar aansloten bij de Gelijke Kansen Alliantie": Gouda, Utrecht, Meierijstad.
    assert sorted(Municipality.objects.filter(gka_member_since=2020).values_list("name", flat=True)) == [
        "Gouda",
        "Meierijstad",
        "Utrecht",
    ]
    assert not Municipality.objects.filter(gka_member=False).exists()
    assert Municipality.objects.get(slug="tilburg").gka_member is None


def test_agenda_themes_are_the_table_with_its_counts():
    table = re.findall(r"^(.+) \((\d+) interventies\)$", REPORT_TEXT, flags=re.M)
    themes = list(AgendaTheme.objects.all())
    assert [(t.name, t.intervention_count) for t in themes] == [(name, int(count)) for name, count in table]
    assert [t.intervention_count for t in themes] == [42, 38, 35, 27, 19, 18, 18, 14, 11, 10]
    assert [t.position for t in themes] == list(range(1, 11))
    assert {t.source.slug for t in themes} == {REPORT}


def test_agenda_theme_notes_keep_the_bullets_one_per_line():
    extra = AgendaTheme.objects.get(name="Extra onderwijs")
    # "Extra lestijd" and "Maatschappelijke organisaties" are sub-headings of Extra onderwijs, not themes.
    assert extra.note_list == [
        "Meer dan alleen onderwijs",
        "De interventies gaan vrijwel altijd om meer dan alleen cognitieve vaardigheden, of schoolwerk. Veel "
        "interventies zien op het aanleren van studievoordigheden, of werken aan de sociaal-emotionele ontwikkeling "
        "van kinderen, met bijvoorbeeld het inzetten van rolmodellen of opzetten van aanbod rondom sport of cultuur",
        "Extra lestijd: tijdens de schooldag (extra uren); na schooltijd; in vakanties of weekenden",
        "Maatschappelijke organisaties: veel programma's en activiteiten worden uitgevoerd door maatschappelijke "
        "organisaties",
    ]
    assert not AgendaTheme.objects.filter(name__in=["Extra lestijd", "Maatschappelijke organisaties"]).exists()
    assert AgendaTheme.objects.get(name="Armoede en gezondheid").notes == ""
    assert AgendaTheme.objects.get(name="Professionalisering").note_list == [
        "Bijna alle interventies betreffen trajecten voor leraren"
    ]


FACTOR_LINKS = {
    ("g-town", 3), ("g-town", 29),
    ("social-worker-in-het-primair-onderwijs", 13),
    ("de-overstap-van-primair-naar-voortgezet-onderwijs", 4),
    ("de-twentse-belofte-interprofessioneel-werken", 11),
    ("weekendschool", 7), ("weekendschool", 21),
    ("wegwijs-in-gedrag", 17),
    ("community-aanpak-gelijke-kansen", 11),
    ("de-kracht-van-de-moedertaal", 5), ("de-kracht-van-de-moedertaal", 18),
    ("inclusief-onderwijs-westerkwartier", 18), ("inclusief-onderwijs-westerkwartier", 29),
    ("samen-van-start-en-startpunt", 11), ("samen-van-start-en-startpunt", 15),
    ("als-ik-later-groot-ben-en-dare-to-dream-036", 7), ("als-ik-later-groot-ben-en-dare-to-dream-036", 10),
    ("ouderconsulent", 11),
    ("een-soepele-en-succesvolle-overstap-van-po-naar-vo", 10),
    ("het-succes-van-de-wijkaanpak", 21),
    ("community-urban-education", 4), ("community-urban-education", 5), ("community-urban-education", 17),
    ("community-armoede", 10), ("community-armoede", 13),
    ("rotterdams-goud", 17), ("rotterdams-goud", 19), ("rotterdams-goud", 20),
    ("betekenisvol-door-samenwerking", 11),
    ("lesgeven-in-grootstedelijke-context", 17),
    ("de-flexibele-tutor", 15),
}  # fmt: skip

DIRECTION_LINKS = {
    ("social-worker-in-het-primair-onderwijs", 3, 2),
    ("de-overstap-van-primair-naar-voortgezet-onderwijs", 2, 1),
    ("de-overstap-van-primair-naar-voortgezet-onderwijs", 2, 5),
    ("de-twentse-belofte-interprofessioneel-werken", 2, 1),
    ("de-twentse-belofte-interprofessioneel-werken", 3, 2),
    ("verbindende-aanpak", 3, 2),
    ("wegwijs-in-gedrag", 3, 1),
    ("community-aanpak-gelijke-kansen", 3, 2),
    ("de-kracht-van-de-moedertaal", 1, 4),
    ("samen-van-start-en-startpunt", 1, 3),
    ("ouderconsulent", 3, 2),
    ("een-soepele-en-succesvolle-overstap-van-po-naar-vo", 2, 1),
    ("een-soepele-en-succesvolle-overstap-van-po-naar-vo", 2, 4),
    ("het-succes-van-de-wijkaanpak", 3, 2),
    ("community-urban-education", 3, 1),
    ("community-armoede", 3, 2),
    ("rotterdams-goud", 3, 1),
}


def test_factor_links_join_each_intervention_to_the_factors_its_text_shows():
    links = FactorLink.objects.select_related("intervention", "factor")
    assert {(link.intervention.slug, link.factor.number) for link in links} == FACTOR_LINKS
    assert len(links) == 31


def test_direction_links_join_interventions_to_the_solution_directions_they_exemplify():
    links = DirectionLink.objects.select_related("intervention", "direction__meetup_theme")
    assert {
        (link.intervention.slug, link.direction.meetup_theme.number, link.direction.number) for link in links
    } == DIRECTION_LINKS
    # The anchors: Helmond is meertaligheid (1.4), Midden-Groningen and Parkstad are the transition theme.
    helmond = DirectionLink.objects.get(intervention__slug="de-kracht-van-de-moedertaal")
    assert (helmond.direction.meetup_theme.number, helmond.direction.number) == (1, 4)
    transition = {
        link.intervention.slug
        for link in DirectionLink.objects.filter(direction__meetup_theme__number=2).select_related("intervention")
    }
    assert {
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
    } <= transition


def test_every_link_has_a_one_sentence_dutch_reason():
    reasons = [link.reason for link in [*FactorLink.objects.all(), *DirectionLink.objects.all()]]
    assert len(reasons) == 31 + 17
    assert all(reason.endswith(".") and reason[0].isupper() and 0 < len(reason) <= 300 for reason in reasons)
    # One sentence: no full stop followed by a new sentence inside.
    assert [reason for reason in reasons if re.search(r"\. [A-Z]", reason)] == []


def test_every_intervention_has_at_most_four_links_of_each_sort():
    for intervention in Intervention.objects.all():
        assert intervention.factor_links.count() <= 4
        assert intervention.direction_links.count() <= 4


def test_a_visitor_reads_a_community_and_an_experiment(visitor):
    for slug, sentence in [
        ("community-urban-education", "De CUE zoekt het antwoord op die vragen bij de Transformatieve School."),
        ("stagemakelaar", "De stagemakelaar zorgt voor intensieve begeleiding en persoonlijke feedback"),
    ]:
        response = visitor.get(f"/interventies/{slug}/")
        assert response.status_code == 200
        assert sentence in page_text(response)


def test_the_cue_school_leaders_speak_in_their_own_words_in_page_order():
    cue = Intervention.objects.get(slug="community-urban-education")
    quotes = list(cue.quotes.all())
    assert len(quotes) == 18
    assert [q.speakers.get().name for q in quotes] == (
        ["Dyane Brummelhuis"]
        + ["Nikkie van Groenendaal"] * 5
        + ["Sita Remesar"] * 4
        + ["Jeroen Bos"] * 4
        + ["Ingrid Tuinenburg"] * 4
    )
    assert [q.position for q in quotes] == list(range(1, 19))
    assert cue.quotes.filter(is_highlighted=True).count() == 1
    assert quotes[2].text.startswith(
        "Je weet niet wat een leerling thuis al heeft meegemaakt voordat hij of zij door de deuren van de school "
        "wandelt."
    )
    assert quotes[13].text.endswith("Deze onderwerpen verdienen een plek op de politieke agenda, zolang dat nodig is.")


def test_the_cue_portraits_say_which_school_each_leader_runs_and_how_big_it_is():
    context = Intervention.objects.get(slug="community-urban-education").context
    assert context.split("\n\n")[1:] == [
        "Nikkie van Groenendaal is directeur van Basisschool Don Sarto in Broekhoven, Tilburg. "
        "Een school met 170 leerlingen en een team met 25 medewerkers.",
        "Sita Remesar is directeur van het Vossius Gymnasium in Amsterdam Oud-Zuid. "
        "Een school met 830 leerlingen en 60 docenten, onderdeel van de Community Urban Education (CUE).",
        "Jeroen Bos is directeur van het Rijswijks Lyceum, dat samen met het Van Vredenburg College een brede "
        "scholengemeenschap voor vmbo, havo, atheneum en gymnasium vormt. "
        "Een Haagse school, met ongeveer 1450 leerlingen en een team van 130 docenten.",
        "Ingrid Tuinenburg is de directeur van het ROC Albeda Zorgcollege. "
        "Een mbo-opleiding in Rotterdam Zuid met 900 studenten en een team van 45 docenten.",
    ]


def test_meierijstad_closing_pull_quote_stands_once_and_credits_no_one():
    quotes = [quote for slug in MUNICIPAL_PROJECTS[2:] for quote in Intervention.objects.get(slug=slug).quotes.all()]
    assert [(quote.intervention.slug, quote.is_highlighted) for quote in quotes] == [("de-flexibele-tutor", True)]
    assert quotes[0].text.startswith("Met de GKA kunnen we samen een extra stap zetten")
    assert list(quotes[0].speakers.all()) == []
    assert quotes[0].attribution == ""


def test_every_report_intervention_has_at_most_one_highlighted_quote():
    for intervention in report_interventions():
        assert intervention.quotes.filter(is_highlighted=True).count() <= 1


def test_reading_tips_are_the_publications_the_report_names_with_an_address_only_where_it_gives_one():
    tips = [
        (tip.intervention.slug, tip.title, tip.url)
        for intervention in report_interventions()
        for tip in intervention.reading_tips.all()
    ]
    assert tips == [
        ("community-urban-education", "Switchen en klimmen", ""),
        ("community-urban-education", "Publicatie Community Urban Education", ""),
        ("community-armoede", "Omgaan met armoede in de klas", "https://gelijke-kansen.nl/documenten"),
        ("stagemakelaar", "Onderzoeksrapport Stagemakelaar", ""),
    ]
    for _slug, title, url in tips:
        assert title in REPORT_TEXT
        if url:
            assert url.removeprefix("https://") in REPORT_TEXT


def test_the_expert_group_and_youth_council_are_not_interventions_and_their_members_not_people():
    assert not Intervention.objects.filter(title__icontains="expertgroep").exists()
    assert not Intervention.objects.filter(title__icontains="jongerenraad").exists()
    people = Person.objects.filter(name__in=["Ufuk Kâhya", "Inge de Wolf", "Ivy Dirksen", "Alihan Uzun"])
    assert not people.exists()
    assert not Quote.objects.filter(text__contains="Touzani").exists()


def test_the_detail_page_shows_every_quote_the_highlighted_one_on_top(visitor):
    response = visitor.get("/interventies/community-urban-education/")
    html = response.content.decode()
    quotes = list(Quote.objects.filter(intervention__slug="community-urban-education").prefetch_related("speakers"))
    highlighted = [quote for quote in quotes if quote.is_highlighted]
    others = [quote for quote in quotes if not quote.is_highlighted]
    assert len(highlighted) == 1
    assert len(others) == 17
    assert '<li><a href="#citaten">In hun eigen woorden</a></li>' in html
    section = html[html.index('<h2 id="citaten">') :]
    assert html.index(escape(highlighted[0].text)) < html.index('<h2 id="citaten">')
    positions = [section.index(escape(quote.text)) for quote in others]
    assert positions == sorted(positions)
    text = page_text(response)
    assert "Nikkie van Groenendaal, directeur" in text


def test_an_intervention_with_one_quote_has_no_quotes_section(visitor):
    html = visitor.get("/interventies/g-town/").content.decode()
    assert 'id="citaten"' not in html
