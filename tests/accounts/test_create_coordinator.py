"""A Beheerder creates a coordinator account from the terminal; the coordinator finishes it with the printed link."""

import base64
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import CoordinatorProfile
from accounts.roles import COORDINATOR
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

PASSWORD = "Kansen-voor-iedereen-2025"
LINK = re.compile(r"^(https?://\S+?)(/account/wachtwoord/\S+/)$", re.M)


@pytest.fixture(autouse=True)
def coordinator_group():
    return Group.objects.get_or_create(name=COORDINATOR)[0]


def create_coordinator(*args):
    out = io.StringIO()
    call_command("create_coordinator", *args, stdout=out)
    return out.getvalue()


def printed_link(output):
    return LINK.search(output).groups()


def set_password_with(client, path):
    form_page = client.get(path, follow=True)
    assert "Kies een wachtwoord" in page_text(form_page)
    return client.post(form_page.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})


def log_in(client, username, code=None):
    data = {"username": username, "password": PASSWORD, "next": reverse("admin:index")}
    if code:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data)


def test_command_creates_a_staff_coordinator_for_the_regions_without_a_password(django_user_model, coordinator_group):
    output = create_coordinator("marleen", "--region", "noord-nederland", "--region", "oost-nederland")

    user = django_user_model.objects.get(username="marleen")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.all()) == [coordinator_group]
    assert sorted(user.coordinator_profile.regions.values_list("slug", flat=True)) == [
        "noord-nederland",
        "oost-nederland",
    ]
    assert not user.has_usable_password()
    assert "Account 'marleen' aangemaakt: regiocoördinator voor Noord-Nederland, Oost-Nederland." in output
    assert printed_link(output)[0] == "http://127.0.0.1:8000"


def test_printed_link_lets_the_coordinator_choose_a_password_and_log_in(client):
    _, path = printed_link(create_coordinator("marleen", "--region", "west-nederland", "--email", "m@example.org"))

    response = set_password_with(client, path)

    assert response["Location"] == reverse("password_reset_complete")
    assert log_in(client, "marleen").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_printed_link_works_only_once(client):
    _, path = printed_link(create_coordinator("marleen", "--region", "west-nederland"))
    set_password_with(client, path)

    response = client.get(path, follow=True)

    assert "Deze link werkt niet meer" in page_text(response)


def test_link_uses_the_sites_address_from_base_url():
    output = create_coordinator("marleen", "--region", "zuid-nederland", "--base-url", "https://kennisbank.example/")

    assert printed_link(output)[0] == "https://kennisbank.example"


@override_settings(REQUIRE_2FA=True)
def test_with_totp_the_coordinator_logs_in_with_the_code_from_the_printed_qr(client):
    output = create_coordinator("marleen", "--region", "noord-nederland", "--totp")

    uri = re.search(r"otpauth://totp/\S+", output).group()
    assert "▀" in output or "▄" in output or "█" in output, "a QR code drawn in the terminal"
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    _, path = printed_link(output)
    set_password_with(client, path)

    assert log_in(client, "marleen").status_code == 200
    assert log_in(client, "marleen", code=f"{totp(key):06d}").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_without_totp_no_authenticator_is_set_up():
    output = create_coordinator("marleen", "--region", "noord-nederland")

    assert "otpauth://" not in output
    assert not TOTPDevice.objects.filter(user__username="marleen").exists()


def test_unknown_region_is_refused_with_the_valid_slugs(django_user_model):
    with pytest.raises(CommandError) as refused:
        create_coordinator("marleen", "--region", "noord-nederland", "--region", "atlantis")

    assert str(refused.value) == (
        "Onbekende regio: atlantis. Kies uit: noord-nederland, oost-nederland, west-nederland, zuid-nederland."
    )
    assert not django_user_model.objects.filter(username="marleen").exists()


def test_region_is_required():
    with pytest.raises(CommandError, match="--region"):
        create_coordinator("marleen")


def test_existing_username_is_refused(django_user_model):
    django_user_model.objects.create_user(username="marleen", password=PASSWORD)

    with pytest.raises(CommandError, match="Er bestaat al een account met de gebruikersnaam 'marleen'."):
        create_coordinator("Marleen", "--region", "noord-nederland")

    assert not CoordinatorProfile.objects.exists()


def test_email_of_another_account_is_refused(django_user_model):
    django_user_model.objects.create_user(username="sanne", email="team@example.org", password=PASSWORD)

    with pytest.raises(CommandError, match="Er bestaat al een account met het e-mailadres 'team@example.org'."):
        create_coordinator("marleen", "--region", "noord-nederland", "--email", "Team@example.org")


def test_invalid_email_is_refused():
    with pytest.raises(CommandError, match="'marleen@' is geen geldig e-mailadres."):
        create_coordinator("marleen", "--region", "noord-nederland", "--email", "marleen@")


def test_dry_run_writes_nothing(django_user_model):
    users = django_user_model.objects.count()

    output = create_coordinator("marleen", "--region", "noord-nederland", "--totp", "--dry-run")

    assert "Proefdraaien: account 'marleen' zou regiocoördinator worden voor Noord-Nederland" in output
    assert "Er is niets opgeslagen." in output
    assert "/account/wachtwoord/" not in output and "otpauth://" not in output
    assert django_user_model.objects.count() == users
    assert not CoordinatorProfile.objects.exists()
    assert not TOTPDevice.objects.exists()


def test_dry_run_still_reports_errors():
    with pytest.raises(CommandError, match="Onbekende regio: atlantis"):
        create_coordinator("marleen", "--region", "atlantis", "--dry-run")
