"""/cijfers/: a policy officer reads the figures, downloads them as CSV, and a coordinator sees the gaps."""

import csv
import html
import io
import re
from collections import Counter

import pytest
from django.urls import reverse

from interventions.models import Intervention, Publication, Theme
from knowledge.models import AgendaTheme
from tests.helpers.content import add_interventions
from tests.helpers.pages import page_text
from tests.helpers.queries import FOOTER_QUERIES

pytestmark = pytest.mark.django_db

PUBLISHED = Intervention.PublicationStatus.PUBLISHED

# The fifteen interventions of Land vol kansen as the bundle describes them:
# slug, themes, provinces, target groups, status ("" where the bundle names none).
BUNDLE = [
    ("g-town", ["talentontwikkeling"], ["zuid-holland"], ["voortgezet-onderwijs"], ""),
    (
        "social-worker-in-het-primair-onderwijs",
        ["verbinding-school-thuis-omgeving"],
        ["utrecht"],
        ["jonge-kind", "primair-onderwijs", "ouders"],
        "ingebed",
    ),
    (
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
        ["soepele-overgang"],
        ["groningen"],
        ["primair-onderwijs", "voortgezet-onderwijs", "professionals"],
        "",
    ),
    (
        "de-twentse-belofte-interprofessioneel-werken",
        ["verbinding-school-thuis-omgeving", "professionalisering"],
        ["overijssel"],
        ["jonge-kind", "primair-onderwijs", "ouders", "professionals"],
        "",
    ),
    ("weekendschool", ["talentontwikkeling"], ["fryslan"], ["primair-onderwijs"], ""),
    (
        "verbindende-aanpak",
        ["verbinding-school-thuis-omgeving", "professionalisering"],
        ["drenthe"],
        ["primair-onderwijs", "ouders", "professionals"],
        "",
    ),
    (
        "wegwijs-in-gedrag",
        ["professionalisering", "inclusief-onderwijs"],
        ["noord-holland"],
        ["primair-onderwijs", "professionals"],
        "",
    ),
    ("community-aanpak-gelijke-kansen", ["verbinding-school-thuis-omgeving"], ["noord-brabant"], ["professionals"], ""),
    ("de-kracht-van-de-moedertaal", ["meertaligheid"], ["noord-brabant"], ["primair-onderwijs"], "pilot"),
    ("inclusief-onderwijs-westerkwartier", ["inclusief-onderwijs"], ["groningen"], ["primair-onderwijs"], ""),
    (
        "samen-van-start-en-startpunt",
        ["verbinding-school-thuis-omgeving", "soepele-overgang"],
        ["noord-holland"],
        ["jonge-kind", "primair-onderwijs", "ouders"],
        "",
    ),
    (
        "als-ik-later-groot-ben-en-dare-to-dream-036",
        ["verbinding-school-thuis-omgeving", "talentontwikkeling"],
        ["flevoland"],
        ["primair-onderwijs", "voortgezet-onderwijs", "ouders"],
        "ingebed",
    ),
    (
        "ouderconsulent",
        ["verbinding-school-thuis-omgeving"],
        ["gelderland"],
        ["primair-onderwijs", "ouders"],
        "pilot",
    ),
    # Parkstad: four municipalities, one province.
    (
        "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
        ["soepele-overgang"],
        ["limburg"],
        ["primair-onderwijs", "voortgezet-onderwijs", "ouders"],
        "",
    ),
    (
        "het-succes-van-de-wijkaanpak",
        ["verbinding-school-thuis-omgeving"],
        ["fryslan"],
        ["primair-onderwijs", "ouders"],
        "",
    ),
]
BUNDLE_SLUGS = {slug for slug, *_rest in BUNDLE}

THEMES = [  # the site's order
    ("verbinding-school-thuis-omgeving", "Verbinding school, thuis & omgeving"),
    ("talentontwikkeling", "Talentontwikkeling"),
    ("soepele-overgang", "Soepele overgang"),
    ("professionalisering", "Professionalisering"),
    ("meertaligheid", "Meertaligheid"),
    ("inclusief-onderwijs", "Inclusief onderwijs"),
]
TARGET_GROUPS = [
    ("jonge-kind", "Jonge kind en voorschool"),
    ("primair-onderwijs", "Primair onderwijs"),
    ("voortgezet-onderwijs", "Voortgezet onderwijs"),
    ("mbo", "Mbo"),
    ("ouders", "Ouders"),
    ("professionals", "Professionals"),
]
# The twelve provinces in alphabetical order, with their CBS landsdeel.
PROVINCES = [
    ("drenthe", "Drenthe", "noord-nederland"),
    ("flevoland", "Flevoland", "oost-nederland"),
    ("fryslan", "Fryslân", "noord-nederland"),
    ("gelderland", "Gelderland", "oost-nederland"),
    ("groningen", "Groningen", "noord-nederland"),
    ("limburg", "Limburg", "zuid-nederland"),
    ("noord-brabant", "Noord-Brabant", "zuid-nederland"),
    ("noord-holland", "Noord-Holland", "west-nederland"),
    ("overijssel", "Overijssel", "oost-nederland"),
    ("utrecht", "Utrecht", "west-nederland"),
    ("zeeland", "Zeeland", "west-nederland"),
    ("zuid-holland", "Zuid-Holland", "west-nederland"),
]
REGION_OF = {slug: region for slug, _name, region in PROVINCES}
REGIONS = [
    ("noord-nederland", "Noord-Nederland"),
    ("oost-nederland", "Oost-Nederland"),
    ("west-nederland", "West-Nederland"),
    ("zuid-nederland", "Zuid-Nederland"),
]
STATUSES = [("pilot", "Pilot"), ("ingebed", "Ingebed"), ("afgerond", "Afgerond"), ("", "Onbekend")]


def expected(bundle=BUNDLE):
    """Every chart's (label, count) rows and the gap matrix, counted by hand from `bundle`."""
    themes = Counter(theme for _slug, themes, *_ in bundle for theme in themes)
    provinces = Counter(province for _slug, _t, provinces, *_ in bundle for province in set(provinces))
    groups = Counter(group for *_, groups, _status in bundle for group in groups)
    statuses = Counter(status for *_, status in bundle)
    cells = Counter(
        (theme, region)
        for _slug, themes, provinces, *_ in bundle
        for theme in themes
        for region in {REGION_OF[province] for province in provinces}
    )
    return {
        "themas": [(name, str(themes[slug])) for slug, name in THEMES],
        "provincies": [(name, str(provinces[slug])) for slug, name, _region in PROVINCES],
        "doelgroepen": [(name, str(groups[slug])) for slug, name in TARGET_GROUPS],
        # Every intervention of the bundle is of the kind "interventie".
        "soorten": [("Interventie", str(len(bundle))), ("Community", "0"), ("Experiment", "0")],
        "status": [(name, str(statuses[value])) for value, name in STATUSES],
        "thema-regio": [
            [name, *(str(cells[(slug, region)]) for region, _region_name in REGIONS)] for slug, name in THEMES
        ],
    }


@pytest.fixture
def bundle_only():
    """Only the bundle's fifteen stories are published, whatever else the fixtures hold."""
    Intervention.objects.exclude(slug__in=BUNDLE_SLUGS).update(publication_status=Intervention.PublicationStatus.DRAFT)
    assert set(Intervention.objects.published().values_list("slug", flat=True)) == BUNDLE_SLUGS


@pytest.fixture
def agenda():
    """Four rows of the report's table of agenda themes, one of them without a number."""
    AgendaTheme.objects.all().delete()
    report = Publication.objects.get(slug="rapportage-2020-gelijke-kansen-alliantie")
    rows = [
        (
            "Ouderbetrokkenheid",
            42,
            "Betrekken ouders bij onderwijsproces - ouders nemen deel aan een programma of traject waar het kind "
            "ook aan deelneemt\nBevorderen (taal)vaardigheid van ouders om ondersteuning aan het kind te kunnen "
            "bieden",
        ),
        ("Extra onderwijs", 38, "Meer dan alleen onderwijs"),
        ("Extra lestijd", None, "Tijdens de schooldag (extra uren)\nNa schooltijd\nIn vakanties of weekenden"),
        ("Taalbevordering", 35, ""),
    ]
    AgendaTheme.objects.bulk_create(
        AgendaTheme(position=n, name=name, intervention_count=count, notes=notes, source=report)
        for n, (name, count, notes) in enumerate(rows, start=1)
    )


def read_csv(response):
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def table(response, caption):
    """The rows of the page's table with this caption, each a list of cell texts."""
    body = response.content.decode()
    match = re.search(
        r"<caption[^>]*>" + re.escape(html.escape(caption, quote=True)) + r"</caption>(.*?)</table>", body, re.S
    )
    assert match, f"no table captioned {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def svg(response, name):
    match = re.search(
        rf'<svg class="bar-chart"[^>]*aria-labelledby="grafiek-{name}-titel"[^>]*>.*?</svg>',
        response.content.decode(),
        re.S,
    )
    return match.group(0) if match else ""


CHART_CAPTIONS = {
    "themas": ("Interventies per thema: aantal gepubliceerde interventies", "Thema"),
    "provincies": ("Interventies per provincie: aantal gepubliceerde interventies", "Provincie"),
    "doelgroepen": ("Interventies per doelgroep: aantal gepubliceerde interventies", "Doelgroep"),
    "soorten": ("Interventies per soort: aantal gepubliceerde interventies", "Soort"),
    "status": ("Interventies per status: aantal gepubliceerde interventies", "Status"),
}


@pytest.mark.parametrize("name", CHART_CAPTIONS)
def test_policy_officer_reads_each_chart_as_a_table_and_a_csv(visitor, bundle_only, name):
    rows = expected()[name]
    caption, heading = CHART_CAPTIONS[name]
    page = visitor.get(reverse("interventions:figures"))
    assert table(page, caption) == [[heading, "Aantal gepubliceerde interventies"], *map(list, rows)]
    assert read_csv(visitor.get(f"/cijfers/{name}.csv")) == [
        [heading, "Aantal gepubliceerde interventies"],
        *map(list, rows),
    ]
    # One bar per row, labelled with its name and its number.
    drawing = svg(page, name)
    labels = re.findall(r'class="bar-chart__label"[^>]*>([^<]*)<', drawing)
    values = re.findall(r'class="bar-chart__value"[^>]*>([^<]*)<', drawing)
    assert list(zip(map(html.unescape, labels), values, strict=True)) == rows


def test_the_numbers_a_policy_officer_sees_for_the_bundle(visitor, bundle_only):
    """Spot checks in words: what the bundle itself tells about its fifteen stories."""
    figures = expected()
    assert ("Verbinding school, thuis & omgeving", "8") in figures["themas"]
    # Parkstad's four municipalities are one intervention in Limburg; Zeeland has none.
    assert ("Limburg", "1") in figures["provincies"] and ("Zeeland", "0") in figures["provincies"]
    assert ("Primair onderwijs", "13") in figures["doelgroepen"] and ("Mbo", "0") in figures["doelgroepen"]
    assert figures["status"] == [("Pilot", "2"), ("Ingebed", "2"), ("Afgerond", "0"), ("Onbekend", "11")]
    text = page_text(visitor.get("/cijfers/"))
    assert "De aantallen gaan over de 15 gepubliceerde interventies." in text
    assert "Een interventie kan bij meer thema's horen; dan telt ze bij elk van die thema's mee." in text


def test_each_chart_has_a_text_alternative_and_a_table_with_headers(visitor, bundle_only, agenda):
    body = visitor.get("/cijfers/").content.decode()
    assert (
        '<svg class="bar-chart" width="100%" height="288" role="img" aria-labelledby="grafiek-themas-titel" '
        'aria-describedby="grafiek-themas-uitleg"' in body
    )
    assert '<title id="grafiek-themas-titel">Interventies per thema</title>' in body
    assert (
        '<desc id="grafiek-themas-uitleg">Interventies per thema, als staafdiagram. Het hoogste aantal: '
        "Verbinding school, thuis &amp; omgeving, met 8. De tabel bij deze grafiek geeft alle aantallen.</desc>"
    ) in body
    # A tie names every leader.
    assert "Het hoogste aantal: Fryslân, Groningen, Noord-Brabant en Noord-Holland, elk 2." in body, (
        "four provinces have two interventions each"
    )
    assert body.count('role="img"') == 6  # five charts of this portal, one of the agendas
    assert body.count('<th scope="col">') >= 6 and '<th scope="row">' in body
    assert body.count("<caption id=") == 7  # every chart's table and the gap matrix
    # Each table row leads to the list filtered on it; "onbekend" has no filter and no link.
    assert '<th scope="row"><a href="/interventies/?thema=meertaligheid">Meertaligheid</a></th>' in body
    assert '<th scope="row"><a href="/interventies/?status=pilot">Pilot</a></th>' in body
    assert '<th scope="row">Onbekend</th>' in body


def test_gap_matrix_shows_each_theme_in_each_region_and_links_to_the_list(visitor, bundle_only):
    page = visitor.get("/cijfers/")
    matrix = expected()["thema-regio"]
    rows = table(page, "Gepubliceerde interventies per thema (rijen) en regio (kolommen)")
    assert rows[0] == ["Thema", "Noord-Nederland", "Oost-Nederland", "West-Nederland", "Zuid-Nederland"]
    shown = [[row[0], *(cell.split(" ")[0] for cell in row[1:])] for row in rows[1:]]
    assert shown == [[theme, *(count if count != "0" else "geen" for count in counts)] for theme, *counts in matrix]
    assert matrix[0] == ["Verbinding school, thuis & omgeving", "2", "3", "2", "1"]
    assert read_csv(visitor.get("/cijfers/thema-regio.csv")) == [rows[0], *matrix]

    body = page.content.decode()
    for (theme, _name), counts in zip(THEMES, matrix, strict=True):
        for (region, _region_name), count in zip(REGIONS, counts[1:], strict=True):
            link = f'<a href="/interventies/?thema={theme}&amp;regio={region}">'
            assert link in body
            # The number in the cell is what its link finds.
            listed = visitor.get("/interventies/", {"thema": theme, "regio": region})
            assert listed.context["page"].paginator.count == int(count), (theme, region)


def test_empty_cells_say_geen_and_are_hatched(visitor, bundle_only):
    body = visitor.get("/cijfers/").content.decode()
    empty = [
        (theme, region)
        for (theme, _n), (_t, *counts) in zip(THEMES, expected()["thema-regio"], strict=True)
        for (region, _r), count in zip(REGIONS, counts, strict=True)
        if count == "0"
    ]
    assert len(empty) == 8
    assert "In 8 van de 24 vakken is nog geen interventie bekend." in page_text(visitor.get("/cijfers/"))
    assert body.count('<td class="num gap-empty">') == 8
    assert (
        '<td class="num gap-empty"><a href="/interventies/?thema=meertaligheid&amp;regio=noord-nederland">geen'
        '<span class="visually-hidden"> interventies over Meertaligheid in Noord-Nederland</span></a></td>'
    ) in body
    assert (
        '<td class="num"><a href="/interventies/?thema=meertaligheid&amp;regio=zuid-nederland">1'
        '<span class="visually-hidden"> interventie over Meertaligheid in Zuid-Nederland</span></a></td>'
    ) in body


def test_unpublished_interventions_are_not_counted(visitor, bundle_only):
    gone = {
        "g-town": Intervention.PublicationStatus.DRAFT,
        "weekendschool": Intervention.PublicationStatus.ARCHIVED,
        "de-kracht-van-de-moedertaal": Intervention.PublicationStatus.REVIEW,
    }
    for slug, status in gone.items():
        Intervention.objects.filter(slug=slug).update(publication_status=status)
    remaining = expected([row for row in BUNDLE if row[0] not in gone])
    for name in ["themas", "provincies", "doelgroepen", "soorten", "status", "thema-regio"]:
        assert read_csv(visitor.get(f"/cijfers/{name}.csv"))[1:] == list(map(list, remaining[name])), name
    assert ("Meertaligheid", "0") in remaining["themas"]
    assert ("Interventie", "12") in remaining["soorten"]
    text = page_text(visitor.get("/cijfers/"))
    assert "De aantallen gaan over de 12 gepubliceerde interventies." in text
    assert "geen interventies over Meertaligheid in Zuid-Nederland" in text


def test_csv_matches_the_database_on_the_whole_seed(visitor):
    """Everything the fixtures publish, counted another way: per intervention, in Python."""
    published = list(
        Intervention.objects.published().prefetch_related("themes", "target_groups", "municipalities__province__region")
    )

    def tally(values_of):
        return Counter(value for item in published for value in set(values_of(item)))

    by_theme = tally(lambda item: [t.name for t in item.themes.all()])
    by_province = tally(lambda item: [m.province.name for m in item.municipalities.all()])
    by_group = tally(lambda item: [g.name for g in item.target_groups.all()])
    by_kind = tally(lambda item: [item.get_kind_display()])
    by_status = tally(lambda item: [item.get_status_display() or "Onbekend"])
    by_cell = tally(
        lambda item: [(t.name, m.province.region.name) for t in item.themes.all() for m in item.municipalities.all()]
    )
    for name, counts in [
        ("themas", by_theme),
        ("provincies", by_province),
        ("doelgroepen", by_group),
        ("soorten", by_kind),
        ("status", by_status),
    ]:
        rows = read_csv(visitor.get(f"/cijfers/{name}.csv"))[1:]
        assert {label: int(count) for label, count in rows} == {label: counts[label] for label, _count in rows}, name
        assert sum(int(count) for _label, count in rows) == sum(counts.values()), f"{name}: a row is missing"
    header, *rows = read_csv(visitor.get("/cijfers/thema-regio.csv"))
    assert [row[0] for row in rows] == list(Theme.objects.values_list("name", flat=True))
    for theme, *counts in rows:
        assert [int(count) for count in counts] == [by_cell[(theme, region)] for region in header[1:]], theme
    assert sum(int(c) for _label, c in read_csv(visitor.get("/cijfers/soorten.csv"))[1:]) == len(published)


def test_csv_download_is_ready_for_excel(visitor, bundle_only):
    response = visitor.get("/cijfers/provincies.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gka-cijfers-provincies.csv"'
    assert response.content.startswith("\ufeffProvincie;Aantal gepubliceerde interventies\r\n".encode())
    assert "Fryslân;2\r\n".encode() in response.content
    # A comma inside a name needs no quotes with ";" as the separator.
    assert b"Verbinding school, thuis & omgeving;8\r\n" in visitor.get("/cijfers/themas.csv").content


def test_csv_never_hands_a_spreadsheet_a_formula(visitor, bundle_only):
    Theme.objects.filter(slug="meertaligheid").update(name='=HYPERLINK("http://example.org")')
    rows = read_csv(visitor.get("/cijfers/themas.csv"))
    assert ['\'=HYPERLINK("http://example.org")', "1"] in rows


def test_agenda_themes_of_the_report_with_their_source(visitor, agenda):
    page = visitor.get("/cijfers/")
    assert table(page, "Thema's in de GKA-agenda's van gemeenten") == [
        ["Thema", "Aantal interventies volgens de bron", "Toelichting in de bron"],
        [
            "Ouderbetrokkenheid",
            "42",
            "Betrekken ouders bij onderwijsproces - ouders nemen deel aan een programma of traject waar het kind "
            "ook aan deelneemt Bevorderen (taal)vaardigheid van ouders om ondersteuning aan het kind te kunnen "
            "bieden",
        ],
        ["Extra onderwijs", "38", "Meer dan alleen onderwijs"],
        [
            "Extra lestijd",
            "geen aantal genoemd",
            "Tijdens de schooldag (extra uren) Na schooltijd In vakanties of weekenden",
        ],
        ["Taalbevordering", "35", ""],
    ]
    # The row without a number is left out of the chart.
    drawing = svg(page, "gka-agendas")
    assert re.findall(r'class="bar-chart__label"[^>]*>([^<]*)<', drawing) == [
        "Ouderbetrokkenheid",
        "Extra onderwijs",
        "Taalbevordering",
    ]
    assert "Het hoogste aantal: Ouderbetrokkenheid, met 42." in drawing
    assert (
        "Bron: Rapportage 2020 Gelijke Kansen Alliantie, Gelijke Kansen Alliantie, ministerie van Onderwijs, "
        "Cultuur en Wetenschap (2021)."
    ) in page_text(page)
    assert read_csv(visitor.get("/cijfers/gka-agendas.csv")) == [
        ["Thema", "Aantal interventies volgens de bron", "Toelichting", "Bron"],
        [
            "Ouderbetrokkenheid",
            "42",
            "Betrekken ouders bij onderwijsproces - ouders nemen deel aan een programma of traject waar het kind "
            "ook aan deelneemt\nBevorderen (taal)vaardigheid van ouders om ondersteuning aan het kind te kunnen "
            "bieden",
            "Rapportage 2020 Gelijke Kansen Alliantie",
        ],
        ["Extra onderwijs", "38", "Meer dan alleen onderwijs", "Rapportage 2020 Gelijke Kansen Alliantie"],
        [
            "Extra lestijd",
            "",
            "Tijdens de schooldag (extra uren)\nNa schooltijd\nIn vakanties of weekenden",
            "Rapportage 2020 Gelijke Kansen Alliantie",
        ],
        ["Taalbevordering", "35", "", "Rapportage 2020 Gelijke Kansen Alliantie"],
    ]


def test_without_agenda_themes_the_page_says_so(visitor):
    AgendaTheme.objects.all().delete()
    page = visitor.get("/cijfers/")
    assert page.status_code == 200
    assert svg(page, "gka-agendas") == ""
    assert "Hier zijn nog geen gegevens over ingevoerd." in page_text(page)
    assert read_csv(visitor.get("/cijfers/gka-agendas.csv")) == [
        ["Thema", "Aantal interventies volgens de bron", "Toelichting", "Bron"]
    ]


@pytest.mark.parametrize("path", ["/cijfers/bestaat-niet.csv", "/cijfers/themas.xlsx", "/cijfers/themas/"])
def test_unknown_figures_are_a_dutch_404(visitor, path):
    response = visitor.get(path)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in page_text(response)


# The queries of /cijfers/, named so a change in the budget is a visible decision.
FIGURES_QUERIES = [
    "themes with their counts",
    "provinces with their counts",
    "target groups with their counts",
    "count per kind",
    "count per status",
    "agenda themes with their source",
    "regions",
    "theme x region counts",  # the themes come from the first query
    *FOOTER_QUERIES,
]


@pytest.mark.parametrize("extra", [0, 285], ids=["15 interventions", "300 interventions"])
def test_figures_page_query_count_does_not_grow(visitor, agenda, django_assert_num_queries, extra):
    add_interventions(extra)
    with django_assert_num_queries(len(FIGURES_QUERIES)):
        response = visitor.get("/cijfers/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("themas", 1),
        ("provincies", 1),
        ("doelgroepen", 1),
        ("soorten", 1),
        ("status", 1),
        ("gka-agendas", 1),
        ("thema-regio", 3),  # themes, regions, counts
    ],
)
def test_each_csv_is_one_aggregate_query(visitor, django_assert_num_queries, name, queries):
    with django_assert_num_queries(queries):
        assert visitor.get(f"/cijfers/{name}.csv").status_code == 200


def test_figures_are_found_from_home_kennis_and_the_sitemap(visitor):
    link = '<a href="/cijfers/">'
    assert link in visitor.get("/").content.decode()
    assert link in visitor.get("/kennis/").content.decode()
    assert "<loc>http://testserver/cijfers/</loc>" in visitor.get("/sitemap.xml").content.decode()
