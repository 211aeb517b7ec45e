"""The seeded content is the whole bundle "Land vol kansen", faithful to the source.

These tests read their own copy of the bundle (`tests/data/land-vol-kansen.txt`) and parse it independently
of the fixtures, repairing only the extraction artefacts that docs/content-decisions.md records. They then
check what a visitor sees on the pages.
"""

import hashlib
import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest

from interventions.models import Intervention, Theme
from lessons.models import Lesson, LessonIllustration
from municipalities.models import Municipality, Province, Region
from tests.helpers import DATA

pytestmark = pytest.mark.django_db

DATA_FILE = DATA / "land-vol-kansen.txt"
# The copy must stay byte-identical to the source extraction, or the tests would check against an edited text.
BUNDLE_SHA256 = "0848019646c79c484dd0b839113b7c2f4ac1c8566c50c4bc38eb4ec8c4764f44"
BUNDLE_LINES = DATA_FILE.read_text(encoding="utf-8").splitlines()


# --- Parsing the bundle ---------------------------------------------------------------------------------

# Where each story's block starts, in bundle order. Weekendschool and Ouderconsulent lost their heading in the
# extraction and start at their pull-quote; Hoorn and Parkstad start at the place label above their heading.
STORY_STARTS = {
    "g-town": "# G-Town: jongeren leren zichzelf en de ander kennen",
    "social-worker-in-het-primair-onderwijs": "# Social worker in het primair onderwijs",
    "de-overstap-van-primair-naar-voortgezet-onderwijs": "# De overstap van primair naar voortgezet onderwijs",
    "de-twentse-belofte-interprofessioneel-werken": "# De Twentse Belofte: interprofessioneel werken",
    "weekendschool": "‘Niet alleen voor de kinderen zijn dit twee verrijkende weken.",
    "verbindende-aanpak": "# Verbindende aanpak",
    "wegwijs-in-gedrag": "# Wegwijs in Gedrag: Anders leren kijken naar leerlinggedrag",
    "community-aanpak-gelijke-kansen": "# Community-aanpak Gelijke Kansen",
    "de-kracht-van-de-moedertaal": "# De kracht van de moedertaal",
    "inclusief-onderwijs-westerkwartier": "# Inclusief Onderwijs",
    "samen-van-start-en-startpunt": "Hoorn",
    "als-ik-later-groot-ben-en-dare-to-dream-036": "# Als ik later groot ben & Dare to Dream 036",
    "ouderconsulent": "‘ De ouderconsulenten investeren volop",
    "een-soepele-en-succesvolle-overstap-van-po-naar-vo": "Parkstad (Heerlen, Kerkrade, Landgraaf, Brunssum)",
    "het-succes-van-de-wijkaanpak": "# Het succes van de wijkaanpak",
}
STORY_SLUGS = list(STORY_STARTS)

# Parkstad's Context heading is one level too deep ("### Context").
SECTION_HEADING = re.compile(r"^#{2,3} (Context|Aanpak|Opbrengsten)$")
# Model field, and the id of the heading that labels its <section> on the detail page.
SECTIONS = {
    "Context": ("context", "context"),
    "Aanpak": ("approach", "aanpak"),
    "Opbrengsten": ("results", "opbrengsten"),
}


def _line_index(prefix, start=0):
    return next(i for i in range(start, len(BUNDLE_LINES)) if BUNDLE_LINES[i].startswith(prefix))


def _story_blocks():
    """Each story's lines, from its start to the next story (the last one runs up to the lessons)."""
    starts, position = [], 0
    for prefix in STORY_STARTS.values():
        position = _line_index(prefix, position)
        starts.append(position)
        position += 1
    starts.append(_line_index("# Wat hebben we geleerd?", position))
    return {slug: BUNDLE_LINES[a:b] for slug, (a, b) in zip(STORY_SLUGS, pairwise(starts), strict=True)}


def _repair(paragraph):
    """Undo the extraction artefacts inside a paragraph, as docs/content-decisions.md §1 records them."""
    paragraph = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", paragraph)  # a link whose URL was lost
    # "onder advisering" (Midden-Groningen) stays as the bundle prints it: no repair changes a word.
    return re.sub(r"\*([^*]+)\*", r"\1", paragraph)  # markdown emphasis: *restorative practice*


def _paragraphs(blocks):
    paragraphs = []
    for block in blocks:
        # A bulleted list stays one block, one "- " item per line, as the fixture stores it.
        text = "\n".join(block) if all(line.startswith("- ") for line in block) else " ".join(block)
        # A page break split a paragraph when one stops on a bare word and the next goes on in lower case
        # (Den Bosch, Aanpak: "…en vergroot de" / "betrokkenheid van de partners…").
        if paragraphs and re.search(r"\w$", paragraphs[-1]) and text[:1].islower():
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
    return [_repair(paragraph) for paragraph in paragraphs]


def _sections(lines):
    """The paragraphs of Context, Aanpak and Opbrengsten, keyed by model field.

    Everything before the first section heading is page furniture or layout: the place label, the pull-quote,
    the portrait captions and theme labels such as "VERBINDING SCHOOL, THUIS & OMGEVING", "START" and
    "## SOEPELE OVERGANG".
    """
    blocks, current = {}, None
    for raw in lines:
        line = raw.strip()
        heading = SECTION_HEADING.match(line)
        if heading:
            current = blocks.setdefault(SECTIONS[heading.group(1)][0], [[]])
        elif current is not None and line:
            current[-1].append(line)
        elif current is not None and current[-1]:
            current.append([])
    return {field: _paragraphs([block for block in found if block]) for field, found in blocks.items()}


def _pull_quote(lines):
    """The quote set in large type at the top of the story, without its ‘ ’ and the stray space after ‘."""
    line = next(line.strip() for line in lines if line.strip().startswith("‘"))
    return line.removeprefix("‘").removesuffix("’").strip()


def _lessons():
    """(number, title, text) of the ten lessons of "Wat hebben we geleerd?"."""
    start, end = _line_index("# Wat hebben we geleerd?"), _line_index("# Meer informatie")
    lessons = []
    for line in BUNDLE_LINES[start + 1 : end]:
        heading = re.match(r"^## (\d+)\. (.+)$", line)
        if heading:
            lessons.append((int(heading.group(1)), heading.group(2).strip(), []))
        elif lessons and line.strip():
            lessons[-1][2].append(line.strip())
    return [(number, title, "\n\n".join(paragraphs)) for number, title, paragraphs in lessons]


def _reading_tips():
    """Link texts under each place heading of "Meer informatie"; every link there points to "#"."""
    tips, place = {}, None
    for line in BUNDLE_LINES[_line_index("# Meer informatie") + 1 :]:
        if line.startswith("## "):
            place = line[3:].strip()
            tips[place] = []
        elif place:
            tips[place] += re.findall(r"\[([^\]]+)\]\(#\)", line)
    return tips


def _theme_names():
    """The six themes listed under "Thema's", in the bundle's order."""
    start = BUNDLE_LINES.index("## Thema's")
    names = []
    for line in BUNDLE_LINES[start + 1 :]:
        if line.startswith("- "):
            names.append(line[2:].strip())
        elif names:
            break
    return names


STORY_LINES = _story_blocks()
SOURCE_SECTIONS = {slug: _sections(lines) for slug, lines in STORY_LINES.items()}
PULL_QUOTES = {slug: _pull_quote(lines) for slug, lines in STORY_LINES.items()}
BUNDLE_LESSONS = _lessons()
BUNDLE_THEMES = _theme_names()

# "Meer informatie" is not in story order; its place headings name the stories' places.
TIP_PLACES = {
    "Gorinchem": "g-town",
    "Súdwest-Fryslân": "weekendschool",
    "Hoorn": "samen-van-start-en-startpunt",
    "Alkmaar": "wegwijs-in-gedrag",
    "Den Bosch": "community-aanpak-gelijke-kansen",
    "Almere": "als-ik-later-groot-ben-en-dare-to-dream-036",
    "Oude IJsselstreek": "ouderconsulent",
    "Hoogeveen": "verbindende-aanpak",
    "Midden-Groningen": "de-overstap-van-primair-naar-voortgezet-onderwijs",
    "Oldenzaal": "de-twentse-belofte-interprofessioneel-werken",
    "Westerkwartier": "inclusief-onderwijs-westerkwartier",
    "Helmond": "de-kracht-van-de-moedertaal",
    "Parkstad": "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
    "Amersfoort": "social-worker-in-het-primair-onderwijs",
    "Heerenveen": "het-succes-van-de-wijkaanpak",
}
# A place missing from TIP_PLACES fails loudly here, at collection, rather than leaving its tips unchecked.
READING_TIPS = {TIP_PLACES[place]: titles for place, titles in _reading_tips().items()}

# The names in the portrait captions, in the bundle's order. Kim Blatter van den Dungen's caption is broken
# over two lines in the extraction.
PORTRAYED_PEOPLE = {
    "g-town": ["Tjoerd Zweije"],
    "social-worker-in-het-primair-onderwijs": ["Karin van der Veen", "Peter Veeken", "Nadya Aboyaakoub Akkouch"],
    "de-overstap-van-primair-naar-voortgezet-onderwijs": ["Klarinde Bosman", "Ilse Bouwmeester", "Josha Veger"],
    "de-twentse-belofte-interprofessioneel-werken": ["Evelien Dierselhuis", "Christel Luttkhuis", "Rob Muizebelt"],
    "weekendschool": ["Margriet van der Veen"],
    "verbindende-aanpak": ["Berdine Harke", "Sigrid Hartman"],
    "wegwijs-in-gedrag": ["Charissa van Tintelen"],
    "community-aanpak-gelijke-kansen": ["Kim Blatter van den Dungen", "Matthieu Boeren", "Said Majiti"],
    "de-kracht-van-de-moedertaal": ["Helen Vink", "Dorota Sobczyk", "Marta Szalus"],
    "inclusief-onderwijs-westerkwartier": ["Yvonne Kerssemeeckers", "Ineke Cruiming"],
    "samen-van-start-en-startpunt": ["Rubya Trouerbach", "Marja van Schagen"],
    "als-ik-later-groot-ben-en-dare-to-dream-036": ["Andrea Moll van der Pool"],
    "ouderconsulent": ["Marca van Empelen"],
    "een-soepele-en-succesvolle-overstap-van-po-naar-vo": ["Wim Horsch"],
    "het-succes-van-de-wijkaanpak": ["Gerrie Rozema"],
}

# Who the highlighted quote is credited to under it (docs/content-decisions.md §7); empty: the bundle names
# nobody, so the page shows no caption.
QUOTE_CREDITS = {
    "g-town": ["Tjoerd Zweije"],
    "social-worker-in-het-primair-onderwijs": ["Nadya Aboyaakoub Akkouch"],
    "de-overstap-van-primair-naar-voortgezet-onderwijs": ["Klarinde Bosman"],
    "de-twentse-belofte-interprofessioneel-werken": ["Rob Muizebelt"],
    "weekendschool": ["Margriet van der Veen"],
    "verbindende-aanpak": [],
    "wegwijs-in-gedrag": ["Charissa van Tintelen"],
    "community-aanpak-gelijke-kansen": [],
    "de-kracht-van-de-moedertaal": ["Dorota Sobczyk", "Marta Szalus"],
    "inclusief-onderwijs-westerkwartier": [],
    "samen-van-start-en-startpunt": ["Een ouderbegeleider"],
    "als-ik-later-groot-ben-en-dare-to-dream-036": ["Andrea Moll van der Pool"],
    "ouderconsulent": [],
    "een-soepele-en-succesvolle-overstap-van-po-naar-vo": [],
    "het-succes-van-de-wijkaanpak": ["Gerrie Rozema"],
}

THEME_SLUGS = [
    "verbinding-school-thuis-omgeving",
    "talentontwikkeling",
    "soepele-overgang",
    "professionalisering",
    "meertaligheid",
    "inclusief-onderwijs",
]

REGION_PROVINCES = {
    "noord-nederland": {"groningen", "fryslan", "drenthe"},
    "oost-nederland": {"overijssel", "flevoland", "gelderland"},
    "west-nederland": {"utrecht", "noord-holland", "zuid-holland", "zeeland"},
    "zuid-nederland": {"noord-brabant", "limburg"},
}


# --- Reading pages --------------------------------------------------------------------------------------


def _normalise(text):
    return " ".join(text.split())


class PageText(HTMLParser):
    """The text a visitor reads on a page: whole, per <section>, <blockquote> and <figcaption>, and its links.

    `sections` maps a section's id (or, lacking one, its aria-labelledby) to its text; `blocks` maps it to the
    section's paragraphs in order: a <p> as its text, a <ul> as the list of its item texts. `links` holds
    (href, text) pairs.
    """

    BREAKS = {"p", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "dt", "dd", "blockquote", "figcaption", "section"}
    VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)  # also unescapes &amp;, &#x27; and friends
        self._chunks, self._open, self._lists = [], [], []
        self.sections, self.blocks, self.blockquotes, self.figcaptions, self.links = {}, {}, [], [], []
        self.feed(html)
        self.close()
        self.text = _normalise("".join(self._chunks))

    def _section(self):
        """The key of the innermost open <section>, if any."""
        return next((key for tag, key, _ in reversed(self._open) if tag == "section"), None)

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self._chunks.append(" ")
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        if tag == "section":
            key = attrs.get("id") or attrs.get("aria-labelledby")
        else:
            key = attrs.get("href") if tag == "a" else None
        self._open.append((tag, key, len(self._chunks)))
        if tag == "section":
            self.blocks[key] = []
        elif tag == "ul":
            self._lists.append([])

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self._chunks.append(" ")
        if tag in self.VOID or all(open_tag != tag for open_tag, _, _ in self._open):
            return
        while True:  # also closes elements whose end tag was left out
            open_tag, key, start = self._open.pop()
            if open_tag == tag:
                break
        text = _normalise("".join(self._chunks[start:]))
        section = self._section()
        if tag == "section":
            self.sections[key] = text
        elif tag == "blockquote":
            self.blockquotes.append(text)
        elif tag == "figcaption":
            self.figcaptions.append(text)
        elif tag == "a":
            self.links.append((key, text))
        elif tag == "li" and self._lists:
            self._lists[-1].append(text)
        elif tag == "ul":
            items = self._lists.pop()
            if section and not self._lists:
                self.blocks[section].append(items)
        elif tag == "p" and section and not self._lists:
            self.blocks[section].append(text)

    def handle_data(self, data):
        self._chunks.append(data)


def read(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 200, url
    return PageText(response.content.decode())


def _as_shown(paragraph):
    """A source paragraph as the page shows it: a list as its item texts, anything else as one text."""
    lines = paragraph.split("\n")
    if all(line.startswith("- ") for line in lines):
        return [_normalise(line[2:]) for line in lines]
    return _normalise(paragraph)


def _assert_in_order(names, text):
    position = 0
    for name in names:
        found = text.find(name, position)
        assert found != -1, f"{name!r} is missing or out of order in {text!r}"
        position = found + len(name)


# --- The stories ----------------------------------------------------------------------------------------


def test_the_tests_read_the_bundle_exactly_as_extracted():
    assert hashlib.sha256(DATA_FILE.read_bytes()).hexdigest() == BUNDLE_SHA256


def test_visitor_finds_all_fifteen_interventions_in_bundle_order():
    # The 2020 report's interventions come from another source (tests/portal/test_report_content.py).
    bundle = Intervention.objects.filter(source__slug="land-vol-kansen")
    assert bundle.count() == 15
    assert list(bundle.order_by("source_position").values_list("slug", flat=True)) == STORY_SLUGS


@pytest.mark.parametrize("slug", STORY_SLUGS)
def test_visitor_reads_every_paragraph_of_the_bundle_on_the_detail_page(visitor, slug):
    page = read(visitor, f"/interventies/{slug}/")
    for field, section in SECTIONS.values():
        expected = [_as_shown(paragraph) for paragraph in SOURCE_SECTIONS[slug][field]]
        assert expected, f"the bundle has no {field} for {slug}"
        assert page.blocks[section] == expected, field


@pytest.mark.parametrize("slug", STORY_SLUGS)
def test_no_paragraph_is_lost_or_swallowed_from_a_neighbouring_story(slug):
    intervention = Intervention.objects.get(slug=slug)
    for field, _ in SECTIONS.values():
        stored = getattr(intervention, field).split("\n\n")
        assert len(stored) == len(SOURCE_SECTIONS[slug][field]), field
        assert stored == SOURCE_SECTIONS[slug][field], field


@pytest.mark.parametrize("slug", STORY_SLUGS)
def test_visitor_sees_everyone_portrayed_in_the_bundle_in_its_order(visitor, slug):
    page = read(visitor, f"/interventies/{slug}/")
    _assert_in_order(PORTRAYED_PEOPLE[slug], page.sections["betrokkenen"])


@pytest.mark.parametrize("slug", STORY_SLUGS)
def test_visitor_sees_the_highlighted_quote_credited_as_in_the_bundle(visitor, slug):
    page = read(visitor, f"/interventies/{slug}/")
    assert page.blockquotes == [PULL_QUOTES[slug]]
    if QUOTE_CREDITS[slug]:
        assert len(page.figcaptions) == 1
        _assert_in_order(QUOTE_CREDITS[slug], page.figcaptions[0])
    else:
        assert page.figcaptions == []


@pytest.mark.parametrize("slug", list(READING_TIPS))
def test_visitor_finds_the_bundle_reading_tips_on_the_right_intervention(visitor, slug):
    page = read(visitor, f"/interventies/{slug}/")
    assert READING_TIPS[slug], f"the bundle lists no reading tips for {slug}"
    assert page.blocks["meer-informatie"][0] == READING_TIPS[slug]


# --- Themes and places ----------------------------------------------------------------------------------


def test_visitor_finds_exactly_the_six_themes_of_the_bundle(visitor):
    assert list(Theme.objects.values_list("slug", flat=True)) == THEME_SLUGS
    assert list(Theme.objects.values_list("name", flat=True)) == BUNDLE_THEMES
    page = read(visitor, "/themas/")
    for name in BUNDLE_THEMES:
        assert name in page.text


def test_visitor_finds_all_twelve_provinces_with_fryslan_by_its_official_name(visitor):
    assert Province.objects.count() == 12
    assert "fryslan" in Province.objects.values_list("slug", flat=True)
    assert "Fryslân" in read(visitor, "/provincies/fryslan/").text


def test_each_region_holds_its_provinces():
    regions = {region.slug: {p.slug for p in region.provinces.all()} for region in Region.objects.all()}
    assert regions == REGION_PROVINCES


def test_visitor_sees_parkstad_as_its_four_municipalities(visitor):
    slug = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"
    places = Intervention.objects.get(slug=slug).municipalities.values_list("slug", flat=True)
    assert sorted(places) == sorted(["heerlen", "kerkrade", "landgraaf", "brunssum"])
    page = read(visitor, f"/interventies/{slug}/")
    for name in ["Heerlen", "Kerkrade", "Landgraaf", "Brunssum"]:
        assert (f"/gemeenten/{name.lower()}/", name) in page.links


def test_visitor_sees_den_bosch_with_its_official_name(visitor):
    assert Municipality.objects.get(slug="den-bosch").official_name == "'s-Hertogenbosch"
    page = read(visitor, "/interventies/community-aanpak-gelijke-kansen/")
    assert ("/gemeenten/den-bosch/", "Den Bosch ('s-Hertogenbosch)") in page.links


# --- Lessons --------------------------------------------------------------------------------------------


def test_the_ten_lessons_are_the_bundles_word_for_word():
    assert len(BUNDLE_LESSONS) == 10
    assert list(Lesson.objects.values_list("number", "title", "text")) == BUNDLE_LESSONS


def test_every_lesson_is_illustrated_by_at_least_one_intervention():
    illustrated = set(LessonIllustration.objects.values_list("lesson__number", flat=True))
    assert illustrated == set(range(1, 11))


@pytest.mark.parametrize(
    ("number", "slug"),
    [(5, "wegwijs-in-gedrag"), (8, "g-town"), (2, "als-ik-later-groot-ben-en-dare-to-dream-036")],
)
def test_lesson_taken_from_a_story_links_to_that_story(number, slug):
    assert LessonIllustration.objects.filter(lesson__number=number, intervention__slug=slug).exists()


def test_visitor_reads_all_ten_lessons_with_their_anchors_on_one_page(visitor):
    page = read(visitor, "/lessen/")
    anchors = [key for key in page.sections if re.fullmatch(r"les-\d+", key)]
    assert anchors == [f"les-{number}" for number in range(1, 11)]
    contents = [link for link in page.links if link[0].startswith("#les-")]
    assert contents == [(f"#les-{number}", title) for number, title, _ in BUNDLE_LESSONS]
    for number, title, text in BUNDLE_LESSONS:
        section = page.sections[f"les-{number}"]
        assert title in section
        for paragraph in text.split("\n\n"):
            assert _normalise(paragraph) in section


@pytest.mark.parametrize(
    ("number", "title", "text"), BUNDLE_LESSONS, ids=[f"les-{number}" for number, _, _ in BUNDLE_LESSONS]
)
def test_visitor_reads_a_lesson_with_the_interventions_that_illustrate_it(visitor, number, title, text):
    page = read(visitor, f"/lessen/{number}/")
    assert title in page.text
    for paragraph in text.split("\n\n"):
        assert _normalise(paragraph) in page.text
    titles = list(Intervention.objects.filter(lessons__number=number).values_list("title", flat=True))
    assert titles
    for intervention_title in titles:
        assert intervention_title in page.sections["voorbeelden"]
