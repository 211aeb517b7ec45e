"""An intervention's page shows its place, themes, facts, people, lessons and related interventions."""

import pytest

from tests.helpers.pages import missing, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "phrases", "source"),
    [
        pytest.param(
            "social-worker-in-het-primair-onderwijs",
            [
                "Social worker in het primair onderwijs",
                "Provincie Utrecht (regio West-Nederland)",
                "Thema's Verbinding school, thuis & omgeving",
                "Doelgroepen Jonge kind en voorschool, Primair onderwijs, Ouders",
                "Gestart 2020",
                "Status Ingebed",
                "Bereik 15 deelnemende scholen en 4 VVE-locaties",
                "Bron: Land vol kansen",
            ],
            [],
            id="place, themes, target groups and facts",
        ),
        pytest.param(
            "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
            ["Brunssum, Heerlen, Kerkrade, Landgraaf", "Provincie Limburg (regio Zuid-Nederland)"],
            [],
            id="parkstad names its four municipalities",
        ),
        pytest.param(
            "ouderconsulent",
            ["Marca van Empelen Directeur Kindcentrum Oersprong", "Lisanne te Kaat", "genoemd in het verhaal"],
            ['href="mailto:gelijkekansen@minocw.nl"'],
            id="who to contact",
        ),
        pytest.param(
            "wegwijs-in-gedrag",
            [
                "Lessen uit deze interventie",
                "Les 1: Sluit aan op de belevingswereld van ouders en kinderen",
                "Les 5: Oefen met meervoudig perspectief",
                "De kern van de interventie is dat leerkrachten leren om meervoudig perspectief in te nemen, "
                "vertelt intern begeleider Charissa van Tintelen.",
            ],
            ['href="/lessen/5/"'],
            id="the lessons it illustrates with the reason",
        ),
    ],
)
def test_detail_page_shows_what_the_visitor_comes_for(visitor, slug, phrases, source):
    response = visitor.get(f"/interventies/{slug}/")

    assert not missing(page_text(response), *phrases)
    assert not missing(response.content.decode(), *source)


def test_detail_page_leaves_out_facts_the_source_does_not_give(visitor):
    text = page_text(visitor.get("/interventies/wegwijs-in-gedrag/"))
    assert "Gestart" not in text
    assert "Status" not in text
    assert "Bereik" not in text


def test_detail_page_suggests_interventions_that_share_a_theme(visitor):
    response = visitor.get("/interventies/de-kracht-van-de-moedertaal/")
    # Helmond is the only Meertaligheid story: nothing shares its theme.
    assert list(response.context["related"]) == []
    response = visitor.get("/interventies/een-soepele-en-succesvolle-overstap-van-po-naar-vo/")
    # Three at most; Utrecht's agenda and De flexibele tutor (2020 report, places 2 and 3 in their source) also
    # have the theme Soepele overgang, so Samen van Start (place 11 in the bundle) no longer fits.
    assert [item.slug for item in response.context["related"]] == [
        "lesgeven-in-grootstedelijke-context",
        "de-flexibele-tutor",
        "de-overstap-van-primair-naar-voortgezet-onderwijs",
    ]
    assert "Verwante interventies" in page_text(response)
