"""The first superuser on a server, where two-factor login is required, gets an authenticator app."""

import re
from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-genoeg-wachtwoord-2026"


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("beheer", "beheer@example.org", PASSWORD)


def added(username, *args):
    from io import StringIO

    out = StringIO()
    call_command("add_totp_device", username, *args, stdout=out)
    return out.getvalue()


def test_the_printed_link_gives_the_codes_that_open_the_admin(client, settings, superuser):
    settings.REQUIRE_2FA = True
    output = added("beheer")
    uri = re.search(r"otpauth://\S+", output).group(0)
    secret = parse_qs(urlsplit(uri).query)["secret"][0]
    key = b32decode(secret + "=" * (-len(secret) % 8))
    device = TOTPDevice.objects.get(user=superuser)
    assert device.confirmed and device.bin_key == key

    login = {"username": "beheer", "password": PASSWORD, "next": reverse("admin:index")}
    # The password alone does not open the admin: the code is required here.
    assert client.post(reverse("admin:login"), login, REMOTE_ADDR="192.0.2.10").status_code == 200
    response = client.post(
        reverse("admin:login"),
        {**login, "otp_token": f"{totp(key):06d}"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_account_with_a_device_keeps_it_unless_replaced(superuser):
    added("beheer")
    first = TOTPDevice.objects.get(user=superuser)
    with pytest.raises(CommandError, match="heeft al een authenticator-app"):
        added("beheer")
    assert list(TOTPDevice.objects.filter(user=superuser)) == [first]
    added("beheer", "--replace")
    assert TOTPDevice.objects.filter(user=superuser).count() == 1
    assert TOTPDevice.objects.get(user=superuser).bin_key != first.bin_key


def test_unknown_or_public_accounts_and_dry_runs_store_nothing(superuser):
    get_user_model().objects.create_user("bezoeker", password=PASSWORD)
    for username in ("niemand", "bezoeker"):
        with pytest.raises(CommandError, match="Er is geen medewerkersaccount"):
            added(username)
    assert "Er is niets opgeslagen." in added("beheer", "--dry-run")
    assert not TOTPDevice.objects.exists()
