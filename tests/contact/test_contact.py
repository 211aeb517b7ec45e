""" "Vind elkaar" (a question about an intervention) and "Deel je aanpak" (a proposed approach).

A visitor's message is stored, mailed to the coordinators of the region only, protected against robots
and floods, and never makes anything public by itself.
"""

import hashlib
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.template.loader_tags import IncludeNode
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.roles import COORDINATOR, EDITOR
from contact.models import ContactRequest, Proposal
from core import ratelimit
from interventions.models import Intervention
from municipalities.models import Municipality, Region
from tests.helpers.pages import page_text
from tests.helpers.personas import make_staff
from tests.helpers.queries import FOOTER_QUERIES
from tests.helpers.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

G_TOWN = "g-town"  # Gorinchem, West-Nederland
PARKSTAD = "een-soepele-en-succesvolle-overstap-van-po-naar-vo"  # Heerlen and three more, Zuid-Nederland
QUESTION = {
    "name": "Fatima el Amrani",
    "email": "fatima@basisschool-voorbeeld.nl",
    "organisation": "Basisschool De Regenboog",
    "message": "Hoe hebben jullie de ouders bij G-Town betrokken?\nWij willen iets vergelijkbaars starten.",
    "consent": "on",
    "website": "",
}
APPROACH = {
    "title": "Taalhuis Gorinchem",
    "place": "gorinchem",
    "other_place": "",
    "region": "",
    "context": "Veel ouders spreken thuis een andere taal dan Nederlands.",
    "approach": "Een taalhuis in de bibliotheek, met vrijwilligers en de scholen in de wijk.",
    "results": "",
    "themes": ["meertaligheid", "verbinding-school-thuis-omgeving"],
    "name": "Jan de Vries",
    "email": "jan@taalhuis-voorbeeld.nl",
    "organisation": "Bibliotheek",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Every test starts with an empty hour: the limit counts in the (process-wide) cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinators(coordinator_west, coordinator_zuid):
    """West and Zuid with addresses, plus a former West coordinator and an inactive one who must get nothing."""
    for client, email in [(coordinator_west, "west@gka-voorbeeld.nl"), (coordinator_zuid, "zuid@gka-voorbeeld.nl")]:
        client.user.email = email
        client.user.save()
    west = ["west-nederland"]
    make_staff("west-inactief", role=COORDINATOR, regions=west, email="oud@gka-voorbeeld.nl", active=False)
    make_staff("west-zonder-rol", role=EDITOR, regions=west, email="geen-rol@gka-voorbeeld.nl")
    make_staff(
        "west-en-noord", role=COORDINATOR, regions=[*west, "noord-nederland"], email="noordwest@gka-voorbeeld.nl"
    )


def contact_url(slug=G_TOWN):
    return reverse("contact:find_each_other", args=[slug])


def errors_of(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


# "Vind elkaar": the form on the intervention's page.


def test_visitor_finds_the_way_to_the_question_form_on_a_published_intervention(visitor, coordinators):
    response = visitor.get(reverse("interventions:detail", args=[G_TOWN]))
    body = response.content.decode()
    text = page_text(response)

    # The page is shared by every visitor: it links to the form, which carries each visitor's own token.
    assert f'<a class="button" href="{contact_url()}">Stel uw vraag over deze interventie</a>' in body
    assert "csrfmiddlewaretoken" not in body
    assert "csrftoken" not in response.cookies
    assert "Vind elkaar" in text
    # Nobody's personal address is on the page.
    assert "@gka-voorbeeld.nl" not in body

    form = visitor.get(contact_url())
    form_text = page_text(form)
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    assert (
        "gaan per e-mail naar de regiocoördinator van de Gelijke Kansen Alliantie in regio West-Nederland" in form_text
    )
    assert "verwijderen het 12 maanden na ontvangst" in form_text
    assert "@gka-voorbeeld.nl" not in form.content.decode()


def test_the_spam_trap_is_hidden_from_people_screen_readers_and_the_keyboard(visitor):
    body = visitor.get(contact_url()).content.decode()

    trap = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', body, re.S).group(1)
    assert '<label for="id_website">Laat dit veld leeg</label>' in trap
    assert 'name="website" id="id_website" value="" tabindex="-1" autocomplete="off"' in trap


def test_staff_previewing_a_draft_see_no_question_form(redacteur):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status=Intervention.PublicationStatus.DRAFT)

    response = redacteur.get(reverse("interventions:detail", args=[G_TOWN]))

    assert response.status_code == 200
    assert contact_url() not in response.content.decode()


def test_question_is_stored_and_mailed_to_the_coordinators_of_the_region_only(visitor, coordinators):
    response = visitor.post(contact_url(), QUESTION)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:find_each_other_sent", args=[G_TOWN])
    stored = ContactRequest.objects.get()
    assert (stored.intervention.slug, stored.name, stored.email, stored.organisation) == (
        G_TOWN,
        "Fatima el Amrani",
        "fatima@basisschool-voorbeeld.nl",
        "Basisschool De Regenboog",
    )
    assert stored.message == QUESTION["message"]
    assert (stored.consent, stored.status, stored.handled_by) == (True, "new", None)
    run_queued_tasks()
    [sent] = mail.outbox
    assert sent.to == ["noordwest@gka-voorbeeld.nl", "west@gka-voorbeeld.nl"]
    assert sent.reply_to == ["fatima@basisschool-voorbeeld.nl"]
    assert sent.subject == f"Vind elkaar: vraag over {stored.intervention.title}"
    assert "Hoe hebben jullie de ouders bij G-Town betrokken?" in sent.body
    assert f"http://testserver/beheer/contact/contactrequest/{stored.pk}/change/" in sent.body

    thanks = visitor.get(response["Location"])
    assert "Bedankt, uw vraag is verstuurd" in page_text(thanks)


def test_question_about_a_zuid_intervention_goes_to_zuid(visitor, coordinators):
    visitor.post(contact_url(PARKSTAD), QUESTION)
    run_queued_tasks()

    assert [sent.to for sent in mail.outbox] == [["zuid@gka-voorbeeld.nl"]]


def test_without_a_coordinator_the_managers_get_the_question(visitor, settings):
    settings.MANAGERS = [("redactie@gka-voorbeeld.nl", "redactie@gka-voorbeeld.nl")]

    visitor.post(contact_url(), QUESTION)
    run_queued_tasks()

    assert [sent.to for sent in mail.outbox] == [["redactie@gka-voorbeeld.nl"]]


def test_without_coordinator_or_managers_the_question_is_kept_for_the_admin(visitor, settings):
    settings.MANAGERS = []

    response = visitor.post(contact_url(), QUESTION)

    assert response.status_code == 302
    run_queued_tasks()
    assert ContactRequest.objects.count() == 1
    assert mail.outbox == []


def test_a_mail_server_that_is_down_loses_no_question(visitor, coordinators, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    response = visitor.post(contact_url(), QUESTION)

    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1


def test_empty_question_gets_dutch_messages_linked_to_their_fields(visitor, coordinators):
    response = visitor.post(contact_url(), {})
    body = response.content.decode()

    assert response.status_code == 200
    assert errors_of(response) == {
        "name": ["Vul uw naam in."],
        "email": ["Vul uw e-mailadres in."],
        "message": ["Schrijf uw vraag of bericht."],
        "consent": ["Geef toestemming om uw gegevens door te geven; anders kunnen wij u niet in contact brengen."],
    }
    assert response.context["form"].errors
    assert "<title>Fout: Vind elkaar: G-Town" in body  # the page title says the form was refused
    assert 'class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus' in body
    assert '<a href="#id_name">Uw naam: Vul uw naam in.</a>' in body
    assert '<ul class="errorlist" id="id_name_error"><li>Vul uw naam in.</li></ul>' in body
    assert re.search(r'<input[^>]*name="name"[^>]*aria-invalid="true"[^>]*aria-describedby="id_name_error"', body)
    assert re.search(r'aria-describedby="id_message_helptext id_message_error"', body)
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_a_wrong_email_address_is_explained_and_the_text_kept(visitor):
    response = visitor.post(contact_url(), {**QUESTION, "email": "fatima-at-school"})

    assert errors_of(response) == {"email": ["Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."]}
    assert "Wij willen iets vergelijkbaars starten." in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_huge_message_is_refused_with_its_length(visitor):
    response = visitor.post(contact_url(), {**QUESTION, "message": "spam " * 20_000})

    assert response.status_code == 200
    assert errors_of(response) == {"message": ["Dit is te lang: gebruik hooguit 5000 tekens (het zijn er nu 99999)."]}
    assert ContactRequest.objects.count() == 0


def test_a_robot_filling_the_trap_sees_success_but_nothing_is_stored_or_sent(visitor, coordinators):
    response = visitor.post(contact_url(), {**QUESTION, "website": "https://goedkope-pillen.example"})

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:find_each_other_sent", args=[G_TOWN])
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_the_sixth_question_within_an_hour_is_refused_with_429_and_kept(visitor, coordinators):
    for _ in range(ratelimit.LIMIT):
        assert visitor.post(contact_url(), QUESTION).status_code == 302

    response = visitor.post(contact_url(), {**QUESTION, "message": "Nog een vraag."})

    assert response.status_code == 429
    text = page_text(response)
    assert "Uw bericht is niet verstuurd" in text
    assert (
        "U heeft het afgelopen uur al 5 berichten gestuurd. Probeer het over 60 minuten opnieuw; uw tekst staat "
        "hieronder nog klaar." in text
    )
    # The first question frees its slot an hour after it was sent.
    assert 3590 <= int(response["Retry-After"]) <= 3600
    assert "Nog een vraag." in response.content.decode()
    assert ContactRequest.objects.count() == 5
    run_queued_tasks()
    assert len(mail.outbox) == 5


def test_the_limit_counts_per_address(visitor, coordinators):
    for _ in range(ratelimit.LIMIT):
        visitor.post(contact_url(), QUESTION)

    other = Client(REMOTE_ADDR="192.0.2.44")

    assert other.post(contact_url(), QUESTION).status_code == 302
    assert visitor.post(contact_url(), QUESTION).status_code == 429


def test_the_limit_is_counted_in_the_database_so_every_worker_process_shares_it(visitor, coordinators):
    for _ in range(ratelimit.LIMIT):
        visitor.post(contact_url(), QUESTION)

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM gka_cache")
        rows = cursor.fetchall()
    [(key, value)] = rows
    address = "127.0.0.1"  # the test client's
    # An HMAC with the site's secret: nobody with the table alone can tell which address it counts.
    assert key.endswith("ratelimit:contact:" + salted_hmac(ratelimit.KEY_SALT, address, algorithm="sha256").hexdigest())
    assert address not in key + value
    assert hashlib.sha256(address.encode()).hexdigest() not in key + value


def test_robots_count_towards_the_limit_too(visitor):
    for _ in range(ratelimit.LIMIT):
        visitor.post(contact_url(), {**QUESTION, "website": "x"})

    assert visitor.post(contact_url(), QUESTION).status_code == 429
    assert ContactRequest.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_intervention_answers_not_found(visitor, method):
    response = getattr(visitor, method)(contact_url("bestaat-niet"), QUESTION)

    assert response.status_code == 404
    assert ContactRequest.objects.count() == 0


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_an_unpublished_intervention_takes_no_questions(visitor, status):
    Intervention.objects.filter(slug=G_TOWN).update(publication_status=status)

    assert visitor.get(contact_url()).status_code == 404
    assert visitor.post(contact_url(), QUESTION).status_code == 404
    assert visitor.get(reverse("contact:find_each_other_sent", args=[G_TOWN])).status_code == 404
    assert ContactRequest.objects.count() == 0


def test_a_post_without_csrf_token_is_refused():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(contact_url(), QUESTION)

    assert response.status_code == 403
    assert ContactRequest.objects.count() == 0


def test_other_methods_are_not_allowed(visitor):
    assert visitor.put(contact_url()).status_code == 405
    assert visitor.post(reverse("contact:find_each_other_sent", args=[G_TOWN])).status_code == 405


def test_html_in_a_question_is_shown_as_text_in_the_mail_and_the_admin(visitor, coordinators, coordinator_west):
    hostile = {**QUESTION, "name": '<script>alert("x")</script>', "message": "<b>Vet</b> & <img src=x onerror=y>"}

    visitor.post(contact_url(), hostile)
    run_queued_tasks()

    [sent] = mail.outbox
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Vet&lt;/b&gt; &amp; &lt;img src=x onerror=y&gt;" in html
    assert "<script" not in html and "<img" not in html
    # Plain text is never interpreted; it shows exactly what was typed.
    assert '<script>alert("x")</script>' in sent.body

    stored = ContactRequest.objects.get()
    page = coordinator_west.get(reverse("admin:contact_contactrequest_change", args=[stored.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img src=x" not in page


# "Deel je aanpak": a proposed approach becomes a draft for the region.


def share_url():
    return reverse("contact:share")


def test_share_page_offers_the_known_municipalities_by_province_and_another_place(visitor):
    response = visitor.get(share_url())
    body = response.content.decode()

    assert response.status_code == 200
    limburg = re.search(r'<optgroup label="Limburg">(.*?)</optgroup>', body, re.S).group(1)
    in_limburg = Municipality.objects.filter(province__slug="limburg").order_by("name")
    assert re.findall(r'<option value="([^"]+)"', limburg) == list(in_limburg.values_list("slug", flat=True))
    assert {"brunssum", "heerlen", "kerkrade", "landgraaf"} <= set(re.findall(r'value="([^"]+)"', limburg))
    assert re.search(r'<optgroup label="Niet in de lijst">\s*<option value="anders">Andere gemeente</option>', body)
    assert "verwijderen ze 12 maanden na ontvangst" in page_text(response)


def test_home_and_footer_link_to_share_your_approach(visitor):
    body = visitor.get("/").content.decode()

    assert body.count(f'href="{share_url()}"') == 2


def test_proposal_becomes_a_draft_in_its_region_and_is_mailed_there(visitor, coordinators):
    response = visitor.post(share_url(), APPROACH)

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:share_sent")
    proposal = Proposal.objects.select_related("intervention", "region").get()
    draft = proposal.intervention
    assert (draft.title, draft.slug, draft.publication_status, draft.kind, draft.source) == (
        "Taalhuis Gorinchem",
        "taalhuis-gorinchem",
        "draft",
        "interventie",
        None,
    )
    assert draft.context == APPROACH["context"]
    assert draft.approach == APPROACH["approach"]
    assert draft.results == ""
    assert list(draft.municipalities.values_list("slug", flat=True)) == ["gorinchem"]
    assert sorted(draft.themes.values_list("slug", flat=True)) == ["meertaligheid", "verbinding-school-thuis-omgeving"]
    assert (proposal.region.slug, proposal.municipality.slug, proposal.other_place) == (
        "west-nederland",
        "gorinchem",
        "",
    )
    assert (proposal.name, proposal.email, proposal.organisation) == (
        "Jan de Vries",
        "jan@taalhuis-voorbeeld.nl",
        "Bibliotheek",
    )
    run_queued_tasks()
    [sent] = mail.outbox
    assert sent.to == ["noordwest@gka-voorbeeld.nl", "west@gka-voorbeeld.nl"]
    assert sent.subject == "Deel je aanpak: Taalhuis Gorinchem (Gorinchem)"
    assert sent.reply_to == ["jan@taalhuis-voorbeeld.nl"]
    assert "Bedankt, uw aanpak is verstuurd" in page_text(visitor.get(response["Location"]))


def test_a_proposal_is_not_public(visitor):
    visitor.post(share_url(), APPROACH)

    assert visitor.get(reverse("interventions:detail", args=["taalhuis-gorinchem"])).status_code == 404
    for page in [
        visitor.get(reverse("interventions:list")),
        visitor.get(reverse("interventions:list"), {"gemeente": "gorinchem"}),
        visitor.get(reverse("search"), {"q": "taalhuis gorinchem"}),
        visitor.get(reverse("interventions:municipality", args=["gorinchem"])),
        visitor.get("/sitemap.xml"),
    ]:
        assert page.status_code == 200
        assert "taalhuis-gorinchem" not in page.content.decode()
        assert "Taalhuis Gorinchem" not in page.content.decode()


def test_the_sender_cannot_publish_their_own_proposal(visitor):
    g_town = Intervention.objects.get(slug=G_TOWN)
    forged = {**APPROACH, "publication_status": "published", "source": "1", "slug": "g-town", "status": "ingebed"}

    visitor.post(share_url(), forged)

    draft = Proposal.objects.get().intervention
    assert (draft.publication_status, draft.slug, draft.status, draft.source) == (
        "draft",
        "taalhuis-gorinchem",
        "",
        None,
    )
    assert Intervention.objects.get(slug=G_TOWN).title == g_town.title


def test_the_regions_coordinator_finds_the_proposal_and_its_draft_in_the_admin(
    visitor, coordinator_west, coordinator_zuid
):
    visitor.post(share_url(), APPROACH)
    proposal = Proposal.objects.get()
    proposals = reverse("admin:contact_proposal_changelist")
    interventions = reverse("admin:interventions_intervention_changelist")

    west = coordinator_west.get(proposals)
    assert [p.title for p in west.context["cl"].result_list] == ["Taalhuis Gorinchem"]
    assert "taalhuis-gorinchem" in [i.slug for i in coordinator_west.get(interventions).context["cl"].result_list]
    page = coordinator_west.get(reverse("admin:contact_proposal_change", args=[proposal.pk]))
    assert page.status_code == 200
    assert "jan@taalhuis-voorbeeld.nl" in page.content.decode()

    zuid = coordinator_zuid.get(proposals)
    assert list(zuid.context["cl"].result_list) == []
    assert "taalhuis-gorinchem" not in [i.slug for i in coordinator_zuid.get(interventions).context["cl"].result_list]
    assert coordinator_zuid.get(reverse("admin:contact_proposal_change", args=[proposal.pk])).status_code == 403
    draft_page = reverse("admin:interventions_intervention_change", args=[proposal.intervention_id])
    assert coordinator_zuid.get(draft_page).status_code == 403


def test_a_place_not_in_the_list_goes_to_the_chosen_region(visitor, coordinators, coordinator_west, coordinator_zuid):
    west = Region.objects.get(slug="west-nederland")
    other = {**APPROACH, "title": "Leesclub", "place": "anders", "other_place": "Zaltbommel", "region": west.pk}

    visitor.post(share_url(), other)

    proposal = Proposal.objects.select_related("intervention").get()
    assert (proposal.region, proposal.municipality, proposal.other_place) == (west, None, "Zaltbommel")
    assert list(proposal.intervention.municipalities.all()) == []
    assert not Municipality.objects.filter(name="Zaltbommel").exists()
    run_queued_tasks()
    assert [sent.to for sent in mail.outbox] == [["noordwest@gka-voorbeeld.nl", "west@gka-voorbeeld.nl"]]
    assert mail.outbox[0].subject == "Deel je aanpak: Leesclub (Zaltbommel)"
    # No municipality yet: the draft still belongs to the chosen region's coordinators.
    draft_page = reverse("admin:interventions_intervention_change", args=[proposal.intervention_id])
    assert coordinator_west.get(draft_page).status_code == 200
    assert coordinator_zuid.get(draft_page).status_code == 403


def test_a_listed_place_decides_the_region_whatever_else_was_chosen(visitor):
    zuid = Region.objects.get(slug="zuid-nederland")

    visitor.post(share_url(), {**APPROACH, "other_place": "Ergens", "region": zuid.pk})

    proposal = Proposal.objects.get()
    assert (proposal.region.slug, proposal.other_place) == ("west-nederland", "")


def test_another_place_needs_its_name_and_region(visitor):
    response = visitor.post(share_url(), {**APPROACH, "place": "anders"})

    assert errors_of(response) == {
        "other_place": ["Vul de naam van uw gemeente in."],
        "region": ["Kies de regio van uw gemeente."],
    }
    assert Proposal.objects.count() == 0
    assert not Intervention.objects.filter(title="Taalhuis Gorinchem").exists()


def test_empty_proposal_gets_dutch_messages(visitor):
    response = visitor.post(share_url(), {})

    assert response.status_code == 200
    assert errors_of(response) == {
        "title": ["Geef uw aanpak een naam."],
        "place": ["Kies de gemeente waar uw aanpak loopt."],
        "context": ["Beschrijf de context van uw aanpak."],
        "approach": ["Beschrijf wat u doet."],
        "name": ["Vul uw naam in."],
        "email": ["Vul uw e-mailadres in."],
        "consent": ["Geef toestemming; anders kunnen wij uw aanpak niet met u bespreken."],
    }
    assert '<a href="#id_place">Gemeente: Kies de gemeente waar uw aanpak loopt.</a>' in response.content.decode()


def test_unknown_place_region_or_theme_is_a_form_error(visitor):
    response = visitor.post(share_url(), {**APPROACH, "place": "atlantis", "region": "999999", "themes": ["onbekend"]})

    assert errors_of(response) == {
        "place": ["Kies een gemeente uit de lijst."],
        "region": ["Kies een regio uit de lijst."],
        "themes": ["Kies thema's uit de lijst."],
    }
    assert Proposal.objects.count() == 0


def test_a_title_already_taken_gets_a_numbered_slug(visitor):
    visitor.post(share_url(), {**APPROACH, "title": "G-Town"})
    visitor.post(share_url(), {**APPROACH, "title": "G-Town"})
    visitor.post(share_url(), {**APPROACH, "title": "¿¡!"})

    assert sorted(Proposal.objects.values_list("intervention__slug", flat=True)) == ["aanpak", "g-town-2", "g-town-3"]
    assert Intervention.objects.get(slug=G_TOWN).publication_status == "published"


def test_proposals_have_the_same_spam_trap_and_limit(visitor):
    assert visitor.post(share_url(), {**APPROACH, "website": "spam"}).status_code == 302
    assert Proposal.objects.count() == 0
    assert not Intervention.objects.filter(title="Taalhuis Gorinchem").exists()

    for _ in range(ratelimit.LIMIT - 1):
        assert visitor.post(share_url(), APPROACH).status_code == 302
    response = visitor.post(share_url(), APPROACH)

    assert response.status_code == 429
    assert "U heeft het afgelopen uur al 5 berichten gestuurd." in page_text(response)
    assert Proposal.objects.count() == 4
    # The question form counts on its own.
    assert visitor.post(contact_url(), QUESTION).status_code == 302


# The admin: handling, no deleting for coordinators.


def test_coordinator_marks_a_question_handled(visitor, coordinator_west):
    visitor.post(contact_url(), QUESTION)
    stored = ContactRequest.objects.get()

    response = coordinator_west.post(
        reverse("admin:contact_contactrequest_changelist"), {"action": "mark_handled", "_selected_action": [stored.pk]}
    )

    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.handled_by) == ("handled", coordinator_west.user)
    assert stored.handled_at is not None


def test_coordinator_of_another_region_cannot_handle_it(visitor, coordinator_zuid):
    visitor.post(contact_url(), QUESTION)
    stored = ContactRequest.objects.get()

    coordinator_zuid.post(
        reverse("admin:contact_contactrequest_changelist"), {"action": "mark_handled", "_selected_action": [stored.pk]}
    )

    assert ContactRequest.objects.get().status == "new"
    assert (
        list(coordinator_zuid.get(reverse("admin:contact_contactrequest_changelist")).context["cl"].result_list) == []
    )


def test_only_the_beheerder_deletes_a_question(visitor, coordinator_west, redacteur, beheerder):
    visitor.post(contact_url(), QUESTION)
    delete = reverse("admin:contact_contactrequest_delete", args=[ContactRequest.objects.get().pk])

    assert coordinator_west.post(delete, {"post": "yes"}).status_code == 403
    assert redacteur.post(delete, {"post": "yes"}).status_code == 403
    assert beheerder.post(delete, {"post": "yes"}).status_code == 302
    assert ContactRequest.objects.count() == 0


def test_a_staff_member_without_the_permission_sees_no_personal_data(visitor, editor_without_publish_right):
    visitor.post(contact_url(), QUESTION)

    response = editor_without_publish_right.get(
        reverse("admin:contact_contactrequest_change", args=[ContactRequest.objects.get().pk])
    )

    assert response.status_code == 403
    assert "fatima@" not in response.content.decode()


# Privacy: what the forms promise about keeping the data.


def test_purge_deletes_what_is_older_than_twelve_months_and_keeps_the_drafts(visitor):
    visitor.post(contact_url(), QUESTION)
    visitor.post(contact_url(), {**QUESTION, "name": "Recent"})
    visitor.post(share_url(), APPROACH)
    old = timezone.now() - timedelta(days=366)
    ContactRequest.objects.exclude(name="Recent").update(created_at=old)
    Proposal.objects.update(created_at=old)

    dry = StringIO()
    call_command("purge_contact_requests", "--dry-run", stdout=dry)
    assert dry.getvalue().strip() == "Zou verwijderen: 1 vraag/vragen en 1 ingezonden aanpak(ken) ouder dan 12 maanden."
    assert (ContactRequest.objects.count(), Proposal.objects.count()) == (2, 1)

    out = StringIO()
    call_command("purge_contact_requests", stdout=out)

    assert out.getvalue().strip() == "Verwijderd: 1 vraag/vragen en 1 ingezonden aanpak(ken) ouder dan 12 maanden."
    assert list(ContactRequest.objects.values_list("name", flat=True)) == ["Recent"]
    assert Proposal.objects.count() == 0
    assert Intervention.objects.get(slug="taalhuis-gorinchem").publication_status == "draft"


def test_purge_keeps_what_is_younger_than_twelve_months(visitor):
    visitor.post(contact_url(), QUESTION)
    ContactRequest.objects.update(created_at=timezone.now() - timedelta(days=364))

    call_command("purge_contact_requests", stdout=StringIO())

    assert ContactRequest.objects.count() == 1


# Query budget: the form pages cost a fixed number of queries.


def test_form_pages_query_count(visitor, django_assert_num_queries):
    footer = FOOTER_QUERIES
    with django_assert_num_queries(len(["the intervention", "its places with province and region", *footer])):
        assert visitor.get(contact_url()).status_code == 200
    with django_assert_num_queries(len(["places with their province", "regions", "themes", *footer])):
        assert visitor.get(share_url()).status_code == 200


def test_the_way_to_the_question_form_costs_the_intervention_page_no_query(visitor, monkeypatch):
    url = reverse("interventions:detail", args=[G_TOWN])
    with CaptureQueriesContext(connection) as with_form:
        assert "Stel uw vraag over deze interventie" in visitor.get(url).content.decode()

    render = IncludeNode.render
    monkeypatch.setattr(
        IncludeNode,
        "render",
        lambda node, context: "" if "find_each_other" in str(node.template.var) else render(node, context),
    )
    with CaptureQueriesContext(connection) as without_form:
        assert "Stel uw vraag over deze interventie" not in visitor.get(url).content.decode()

    assert len(with_form.captured_queries) == len(without_form.captured_queries)


def test_the_admin_dashboard_counts_what_is_new_from_visitors_in_my_regions(
    visitor, coordinators, coordinator_west, coordinator_zuid, redacteur
):
    visitor.post(contact_url(), QUESTION)  # G-Town, West-Nederland
    visitor.post(contact_url(PARKSTAD), QUESTION)  # Zuid-Nederland
    visitor.post(share_url(), APPROACH)  # Gorinchem, West-Nederland
    ContactRequest.objects.filter(intervention__slug=PARKSTAD).update(status="handled")
    questions = reverse("admin:contact_contactrequest_changelist") + "?status__exact=new"
    proposals = reverse("admin:contact_proposal_changelist") + "?status__exact=new"

    west = coordinator_west.get(reverse("admin:index"))
    zuid = coordinator_zuid.get(reverse("admin:index"))
    everything = redacteur.get(reverse("admin:index"))

    assert "Nieuw van bezoekers Vragen over interventies: 1 nieuw Ingezonden aanpakken: 1 nieuw" in page_text(west)
    assert f'href="{questions}"' in west.content.decode()
    assert f'href="{proposals}"' in west.content.decode()
    assert "Vragen over interventies: 0 nieuw Ingezonden aanpakken: 0 nieuw" in page_text(zuid)
    assert "Vragen over interventies: 1 nieuw Ingezonden aanpakken: 1 nieuw" in page_text(everything)
    # The filtered admin list shows exactly the new question of the coordinator's region.
    listed = coordinator_west.get(questions)
    assert [request.intervention.slug for request in listed.context["cl"].result_list] == [G_TOWN]
