"""Coordinators who live in spreadsheets: export the (filtered) list, import with a preview, Dutch row
errors and all-or-nothing writing, under the same region rules as the form."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from interventions.models import Intervention
from municipalities.models import Municipality, Region
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:interventions_intervention_import")
PROCESS = reverse("admin:interventions_intervention_process_import")
EXPORT = reverse("admin:interventions_intervention_export")
CSV, XLSX = "0", "1"

HEADER = ["slug", "titel", "publicatiestatus", "gemeenten", "thema's", "doelgroepen", "context", "aanpak"]
HEADER += ["opbrengsten", "startjaar", "status", "bereik", "bron"]
ZUID_PUBLISHED = ["community-aanpak-gelijke-kansen", "de-kracht-van-de-moedertaal"]
ZUID_PUBLISHED += ["een-soepele-en-succesvolle-overstap-van-po-naar-vo"]
# The 2020 report's entries with a place in Zuid-Nederland: Meierijstad's four projects, the communities
# (Tilburg, Heerlen).
ZUID_REPORT = ["community-armoede", "community-urban-education", "de-flexibele-tutor", "de-mobiele-brigade"]
ZUID_REPORT += ["het-bevorderen-van-non-cognitieve-vaardigheden", "taalonderzoek-meierijstad"]
ZUID_PUBLISHED += ZUID_REPORT
WEST = ["g-town", "samen-van-start-en-startpunt", "social-worker-in-het-primair-onderwijs", "wegwijs-in-gedrag"]
# ... and in West-Nederland (Gouda, Utrecht, Amsterdam, Rotterdam, Den Haag).
WEST += ["betekenisvol-door-samenwerking", "community-armoede", "community-urban-education"]
WEST += ["lesgeven-in-grootstedelijke-context", "rotterdams-goud", "stagemakelaar"]
WEST.sort()


def row(slug, title, place, *, status="Concept", start_year=""):
    return [slug, title, status, place, "talentontwikkeling", "", "Context.", "Aanpak.", "Opbrengsten."] + [
        start_year,
        "Pilot",
        "",
        "land-vol-kansen",
    ]


LEERLAB = row("leerlab-gorinchem", "Leerlab Gorinchem", "gorinchem", start_year="2024")
HOORN = row("taalcafe-hoorn", "Taalcafé Hoorn", "hoorn")


def csv_file(*rows, header=HEADER):
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return SimpleUploadedFile("interventies.csv", out.getvalue().encode(), content_type="text/csv")


def xlsx_file(*rows):
    book = openpyxl.Workbook()
    for values in [HEADER, *rows]:
        book.active.append(values)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("interventies.xlsx", out.getvalue())


def upload(client, file, fmt=CSV):
    """Step one: choose the file; the admin answers with a dry-run preview."""
    return client.post(IMPORT, {"format": fmt, "resource": "0", "import_file": file})


def confirm(client, preview):
    """Step two: press 'Accepteer de import' on the preview."""
    form = preview.context["confirm_form"]
    return client.post(PROCESS, {name: form[name].value() for name in form.fields})


def validation_errors(preview):
    return {r.number: r.error_dict for r in preview.context["result"].invalid_rows}


def slugs(*names):
    return set(Intervention.objects.filter(slug__in=names).values_list("slug", flat=True))


# Export


def exported_csv(client, **filters):
    url = f"{EXPORT}?{'&'.join(f'{key}={value}' for key, value in filters.items())}"
    page = client.get(url)
    fields = {name: "on" for name in page.context["form"].fields if name.startswith("interventionresource_")}
    response = client.post(url, {"format": CSV, "resource": "0", **fields})
    assert response.status_code == 200
    return response


def test_export_of_the_filtered_list_to_csv_holds_exactly_the_filtered_rows(redacteur):
    Intervention.objects.filter(slug="de-kracht-van-de-moedertaal").update(publication_status="draft")
    zuid = Region.objects.get(slug="zuid-nederland")

    response = exported_csv(
        redacteur, publication_status__exact="published", municipalities__province__region__id__exact=zuid.pk
    )

    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["slug"] for r in rows) == sorted(
        ["community-aanpak-gelijke-kansen", ZUID_PUBLISHED[2], *ZUID_REPORT]
    )
    parkstad = next(r for r in rows if r["slug"] == ZUID_PUBLISHED[2])
    assert parkstad["publicatiestatus"] == "Gepubliceerd"
    assert parkstad["gemeenten"] == "brunssum,heerlen,kerkrade,landgraaf"
    assert list(rows[0]) == HEADER


def test_export_of_the_filtered_list_to_xlsx_holds_exactly_the_filtered_rows(redacteur):
    zuid = Region.objects.get(slug="zuid-nederland")
    url = f"{EXPORT}?publication_status__exact=published&municipalities__province__region__id__exact={zuid.pk}"
    page = redacteur.get(url)
    fields = {name: "on" for name in page.context["form"].fields if name.startswith("interventionresource_")}

    response = redacteur.post(url, {"format": XLSX, "resource": "0", **fields})

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == HEADER
    assert sorted(r[0] for r in values[1:]) == sorted(ZUID_PUBLISHED)


def test_coordinator_exports_only_their_own_region(coordinator_west):
    zuid = Region.objects.get(slug="zuid-nederland")

    everything = exported_csv(coordinator_west)
    other_region = exported_csv(coordinator_west, municipalities__province__region__id__exact=zuid.pk)

    assert sorted(r["slug"] for r in csv.DictReader(io.StringIO(everything.content.decode()))) == WEST
    # Only the two communities have places in both regions (Amsterdam, Rotterdam; Tilburg, Heerlen).
    assert sorted(r["slug"] for r in csv.DictReader(io.StringIO(other_region.content.decode()))) == [
        "community-armoede",
        "community-urban-education",
    ]


# Import: the happy path


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_coordinator_imports_a_new_draft_after_seeing_a_preview(coordinator_west, make_file):
    fmt = CSV if make_file is csv_file else XLSX

    preview = upload(coordinator_west, make_file(LEERLAB), fmt)

    assert preview.status_code == 200
    assert [(r.import_type, r.object_repr) for r in preview.context["result"].rows] == [("new", "Leerlab Gorinchem")]
    assert "Hieronder is een voorvertoning van de data die geïmporteerd zal worden." in page_text(preview)
    assert not Intervention.objects.filter(slug="leerlab-gorinchem").exists()

    done = confirm(coordinator_west, preview)

    assert done.status_code == 302
    leerlab = Intervention.objects.get(slug="leerlab-gorinchem")
    assert leerlab.publication_status == "draft"
    assert list(leerlab.municipalities.values_list("slug", flat=True)) == ["gorinchem"]
    assert (leerlab.start_year, leerlab.status, leerlab.last_edited_by) == (2024, "pilot", coordinator_west.user)
    version = Version.objects.get_for_object(leerlab).get()
    assert version.revision.user == coordinator_west.user
    assert version.revision.comment == "Geïmporteerd uit een bestand"


def test_imported_draft_is_not_on_the_public_site(coordinator_west, visitor):
    confirm(coordinator_west, upload(coordinator_west, csv_file(LEERLAB)))

    assert visitor.get("/interventies/leerlab-gorinchem/").status_code == 404
    assert "Leerlab Gorinchem" not in page_text(visitor.get("/interventies/", {"q": "Leerlab"}))


def test_coordinator_updates_an_entry_of_their_own_region_by_import(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    update = row("g-town", g_town.title, "gorinchem", status="Gepubliceerd")

    preview = upload(coordinator_west, csv_file(update))
    done = confirm(coordinator_west, preview)

    assert [r.import_type for r in preview.context["result"].rows] == ["update"]
    assert done.status_code == 302
    assert Intervention.objects.get(pk=g_town.pk).results == "Opbrengsten."
    assert Version.objects.get_for_object(g_town).count() == 1


# Import: what goes wrong, and that nothing is written then


def test_one_unknown_place_shows_the_row_error_and_writes_nothing(coordinator_west):
    atlantis = row("atlantis-project", "Atlantis", "atlantis")

    preview = upload(coordinator_west, csv_file(LEERLAB, atlantis))

    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    assert "Regel nummer: 2 - Onbekende gemeente(n): atlantis." in page_text(preview)
    assert "Accepteer de import" not in page_text(preview)
    assert slugs("leerlab-gorinchem", "atlantis-project") == set()


def test_a_start_year_in_words_shows_a_dutch_row_error_and_writes_nothing(coordinator_west):
    twintig = row("twintig-project", "Twintig", "hoorn", start_year="twintig")

    preview = upload(coordinator_west, csv_file(LEERLAB, twintig))

    assert validation_errors(preview) == {2: {"start_year": ["Startjaar ‘twintig’ is geen jaartal (zoals 2021)."]}}
    assert "ConversionSyntax" not in page_text(preview)
    assert preview.context.get("confirm_form") is None
    assert slugs("leerlab-gorinchem", "twintig-project") == set()


def test_empty_title_is_a_dutch_row_error(coordinator_west):
    empty = row("zonder-titel", "", "hoorn")

    preview = upload(coordinator_west, csv_file(LEERLAB, empty))

    assert validation_errors(preview) == {2: {"title": ["Dit veld kan niet leeg zijn"]}}
    assert preview.context.get("confirm_form") is None
    assert slugs("leerlab-gorinchem", "zonder-titel") == set()


def test_a_file_with_the_wrong_columns_gets_a_dutch_error_without_technical_details(coordinator_west):
    preview = upload(coordinator_west, csv_file(["Leerlab", "Gorinchem"], header=["naam", "plaats"]))

    text = page_text(preview)
    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None
    assert "Traceback" not in text
    assert "The following fields are declared" not in text
    assert "slug" in text.split("Fouten", 1)[1]


def test_a_file_that_is_not_a_csv_gets_a_dutch_error(coordinator_west):
    picture = SimpleUploadedFile("foto.csv", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")

    response = upload(coordinator_west, picture)

    text = page_text(response)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert "encountered while trying to read file" not in text
    assert "Ensure you have chosen the correct format" not in text


def test_a_file_that_is_not_an_xlsx_gets_an_error_page_not_a_crash(coordinator_west):
    response = upload(coordinator_west, csv_file(LEERLAB), XLSX)

    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert not Intervention.objects.filter(slug="leerlab-gorinchem").exists()


def test_coordinator_importing_a_place_in_another_region_gets_a_dutch_error(coordinator_west):
    heerlen = row("taalhuis-heerlen", "Taalhuis Heerlen", "heerlen")

    preview = upload(coordinator_west, csv_file(LEERLAB, heerlen))

    assert validation_errors(preview) == {2: {"municipalities": ["Heerlen ligt buiten uw regio('s)."]}}
    assert "Heerlen ligt buiten uw regio('s)." in page_text(preview)
    assert preview.context.get("confirm_form") is None
    assert slugs("leerlab-gorinchem", "taalhuis-heerlen") == set()


def test_coordinator_cannot_update_another_regions_entry_by_import(coordinator_west):
    parkstad = Intervention.objects.get(slug=ZUID_PUBLISHED[2])
    takeover = row(parkstad.slug, "Overgenomen", "gorinchem", status="Gepubliceerd")

    preview = upload(coordinator_west, csv_file(takeover))

    assert validation_errors(preview) == {
        1: {"slug": ["Deze interventie hoort bij een andere regio; u kunt haar niet wijzigen."]}
    }
    assert preview.context.get("confirm_form") is None
    stored = Intervention.objects.get(pk=parkstad.pk)
    assert (stored.title, stored.results) == (parkstad.title, parkstad.results)
    assert list(stored.municipalities.order_by("slug").values_list("slug", flat=True)) == [
        "brunssum",
        "heerlen",
        "kerkrade",
        "landgraaf",
    ]


def test_confirming_writes_nothing_when_a_row_became_wrong_after_the_preview(coordinator_west):
    preview = upload(coordinator_west, csv_file(LEERLAB, HOORN))
    assert preview.context["confirm_form"] is not None
    # Between preview and confirmation a colleague renames Hoorn's address.
    Municipality.objects.filter(slug="hoorn").update(slug="hoorn-nh")

    done = confirm(coordinator_west, preview)

    assert done.status_code in {200, 302}
    assert slugs("leerlab-gorinchem", "taalcafe-hoorn") == set()
    assert not Version.objects.filter(revision__user=coordinator_west.user).exists()


@pytest.mark.parametrize("status", ["Gepubliceerd", "published"])
def test_editor_without_the_publish_right_cannot_publish_by_import(editor_without_publish_right, status):
    published = row("leerlab-gorinchem", "Leerlab Gorinchem", "gorinchem", status=status)

    preview = upload(editor_without_publish_right, csv_file(published))

    assert validation_errors(preview) == {
        1: {"publication_status": ["U mag niet publiceren; gebruik ‘concept’ of ‘ter review’."]}
    }
    assert preview.context.get("confirm_form") is None
    assert not Intervention.objects.filter(slug="leerlab-gorinchem").exists()


def test_editor_without_the_publish_right_can_import_for_review(editor_without_publish_right):
    for_review = row("leerlab-gorinchem", "Leerlab Gorinchem", "gorinchem", status="Ter review")

    done = confirm(editor_without_publish_right, upload(editor_without_publish_right, csv_file(for_review)))

    assert done.status_code == 302
    assert Intervention.objects.get(slug="leerlab-gorinchem").publication_status == "review"


def test_visitor_cannot_reach_import_or_export(visitor):
    for url in [IMPORT, PROCESS, EXPORT]:
        response = visitor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
