"""A coordinator's login to the admin: lockout, two-factor codes, password reset and session limits."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import LOGIN_AT, SEEN_AT
from accounts.roles import COORDINATOR
from core import ratelimit
from tests.helpers.pages import page_text
from tests.helpers.personas import make_staff
from tests.helpers.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

PASSWORD = "Kansen-voor-iedereen-2025"
NEW_PASSWORD = "Een-nieuw-schooljaar-2026"
HOME_ADDRESS = "192.0.2.10"
ATTACKER_ADDRESS = "198.51.100.66"
LOCKOUT_MESSAGE = "Te veel mislukte inlogpogingen. Probeer het over 15 minuten opnieuw."


@pytest.fixture
def coordinator():
    """Marleen, a regional coordinator with a password of her own, not yet logged in."""
    return make_staff("marleen", role=COORDINATOR, email="marleen@example.org", password=PASSWORD, logged_in=False).user


@pytest.fixture
def authenticator(coordinator):
    """The coordinator's authenticator app, as set up from the QR code."""
    return TOTPDevice.objects.create(user=coordinator, name="Authenticator-app", confirmed=True)


def code_from(device):
    return f"{totp(device.bin_key):06d}"


def log_in(client, password=PASSWORD, *, username="marleen", code=None, address=HOME_ADDRESS, **extra):
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=address, **extra)


def is_in_admin(client):
    return client.get(reverse("admin:index")).status_code == 200


def lock_out(client, address=ATTACKER_ADDRESS, **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "raden-maar-1234", address=address, **extra)


# Lockout


def test_coordinator_logs_in_with_the_right_password(client, coordinator):
    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert is_in_admin(client)


def test_right_password_is_refused_after_five_wrong_ones_from_the_same_address(client, coordinator):
    for attempt in range(4):
        response = log_in(client, "raden-maar-1234", address=ATTACKER_ADDRESS)
        assert response.status_code == 200, f"attempt {attempt + 1} should still show the form"
    assert log_in(client, "raden-maar-1234", address=ATTACKER_ADDRESS).status_code == 429

    response = log_in(client, address=ATTACKER_ADDRESS)

    assert response.status_code == 429
    # A try during the lockout starts its fifteen minutes again.
    assert response["Retry-After"] == "900"
    assert LOCKOUT_MESSAGE in page_text(response)
    assert not is_in_admin(client)


def test_attacker_elsewhere_cannot_lock_the_coordinator_out(client, coordinator):
    lock_out(client, address=ATTACKER_ADDRESS)

    response = log_in(client, address=HOME_ADDRESS)

    assert response.status_code == 302
    assert is_in_admin(client)


def test_lockout_of_one_username_leaves_other_usernames_at_that_address_alone(client, coordinator):
    make_staff("sanne", password=PASSWORD, logged_in=False)
    lock_out(client, address=HOME_ADDRESS)

    assert log_in(client, username="sanne", address=HOME_ADDRESS).status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, coordinator):
    lock_out(client, address=ATTACKER_ADDRESS)

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert log_in(client, address=ATTACKER_ADDRESS).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = log_in(client, address=ATTACKER_ADDRESS)

    assert response.status_code == 302
    assert is_in_admin(client)


def test_successful_login_clears_the_count_of_wrong_passwords(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "raden-maar-1234")
    assert log_in(client).status_code == 302
    client.post(reverse("admin:logout"), REMOTE_ADDR=HOME_ADDRESS)

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "raden-maar-1234")

    assert log_in(client).status_code == 302


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_the_lockout_counts_the_address_the_proxy_saw(client, coordinator):
    proxy = {"address": "10.0.0.2"}
    lock_out(client, HTTP_X_FORWARDED_FOR=ATTACKER_ADDRESS, **proxy)

    # A forged first entry does not make the attacker someone else...
    forged = log_in(client, HTTP_X_FORWARDED_FOR=f"{HOME_ADDRESS}, {ATTACKER_ADDRESS}", **proxy)
    # ...and the coordinator, behind the same proxy, still gets in.
    at_home = log_in(client, HTTP_X_FORWARDED_FOR=HOME_ADDRESS, **proxy)

    assert forged.status_code == 429
    assert at_home.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER_ADDRESS}


def test_without_a_proxy_a_forwarded_address_is_not_believed(client, coordinator):
    # PROXY_COUNT is 0: X-Forwarded-For is whatever the client wrote, so the lockout ignores it.
    lock_out(client, address=ATTACKER_ADDRESS, HTTP_X_FORWARDED_FOR=HOME_ADDRESS)

    assert log_in(client, address=ATTACKER_ADDRESS, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert log_in(client, address=HOME_ADDRESS).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER_ADDRESS}


# Two-factor login


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_the_password_alone_does_not_open_the_admin(client, coordinator, authenticator):
    response = log_in(client)

    assert response.status_code == 200
    assert "Vul de code van zes cijfers uit uw authenticator-app in." in page_text(response)
    assert not is_in_admin(client)


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_the_login_page_asks_for_the_code_in_dutch(client):
    response = client.get(reverse("admin:login"))

    assert "Verificatiecode" in page_text(response)
    assert 'autocomplete="one-time-code"' in response.content.decode()


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_the_code_from_the_app_opens_the_admin(client, coordinator, authenticator):
    response = log_in(client, code=code_from(authenticator))

    assert response.status_code == 302
    assert is_in_admin(client)


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_a_wrong_code_is_refused(client, coordinator, authenticator):
    wrong = f"{(int(code_from(authenticator)) + 1) % 1_000_000:06d}"

    response = log_in(client, code=wrong)

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen." in page_text(response)
    assert PASSWORD not in response.content.decode()
    assert not is_in_admin(client)


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_staff_without_an_app_is_told_to_ask_for_one(client, coordinator):
    response = log_in(client, code="123456")

    assert "Voor dit account is nog geen authenticator-app ingesteld." in page_text(response)
    assert not is_in_admin(client)


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_a_session_without_a_verified_code_cannot_use_the_admin(client, coordinator, authenticator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@override_settings(REQUIRE_2FA=False)
def test_without_2fa_required_the_password_suffices(client, coordinator, authenticator):
    assert "Verificatiecode" not in page_text(client.get(reverse("admin:login")))

    response = log_in(client)

    assert response.status_code == 302
    assert is_in_admin(client)


# Password reset


def password_link_from_mail():
    run_queued_tasks()
    (message,) = mail.outbox
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def choose_new_password(client, link):
    form_page = client.get(link, follow=True)
    assert "Kies een wachtwoord" in page_text(form_page)
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )


def test_forgotten_password_mail_lets_the_coordinator_choose_a_new_one(client, coordinator):
    response = client.post(reverse("password_reset"), {"email": "marleen@example.org"}, follow=True)
    assert "Kijk in uw mailbox" in page_text(response)

    done = choose_new_password(client, password_link_from_mail())

    assert "Uw wachtwoord is opgeslagen" in page_text(done)
    assert "U bent nog niet ingelogd." in page_text(done)
    assert not is_in_admin(client)
    assert log_in(client, NEW_PASSWORD).status_code == 302


def test_asking_for_reset_links_is_limited_per_address_and_hour(client, coordinator):
    for _ in range(ratelimit.LIMIT):
        assert client.post(reverse("password_reset"), {"email": "marleen@example.org"}).status_code == 302
    run_queued_tasks()
    assert len(mail.outbox) == ratelimit.LIMIT

    refused = client.post(reverse("password_reset"), {"email": "marleen@example.org"})

    assert refused.status_code == 429
    assert 3590 <= int(refused["Retry-After"]) <= 3600
    assert (
        "Er is geen link verstuurd Vanaf dit adres is het afgelopen uur al 5 keer een link gevraagd. "
        "Probeer het over 60 minuten opnieuw, of vraag een beheerder om hulp."
    ) in page_text(refused)
    # What the coordinator typed is still in the form.
    assert 'value="marleen@example.org"' in refused.content.decode()
    run_queued_tasks()
    assert len(mail.outbox) == ratelimit.LIMIT
    other_address = Client(REMOTE_ADDR="192.0.2.77")
    assert other_address.post(reverse("password_reset"), {"email": "marleen@example.org"}).status_code == 302


def test_password_link_works_only_once(client, coordinator):
    client.post(reverse("password_reset"), {"email": "marleen@example.org"})
    link = password_link_from_mail()
    choose_new_password(client, link)

    response = client.get(link, follow=True)

    assert "Deze link werkt niet meer" in page_text(response)


@override_settings(REQUIRE_2FA=True)
def test_password_reset_does_not_get_around_the_code(client, coordinator, authenticator):
    client.post(reverse("password_reset"), {"email": "marleen@example.org"})
    choose_new_password(client, password_link_from_mail())

    assert not is_in_admin(client)
    assert log_in(client, NEW_PASSWORD).status_code == 200
    assert not is_in_admin(client)
    assert log_in(client, NEW_PASSWORD, code=code_from(authenticator)).status_code == 302
    assert is_in_admin(client)


# Sessions


def set_session_clock(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_session_key_changes_at_login(client, coordinator):
    session = client.session
    session["seen_the_login_page"] = True
    session.save()
    before = session.session_key

    log_in(client)

    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not SessionStore().exists(before)
    assert is_in_admin(client)


def test_session_cookie_lasts_at_most_twelve_hours(client, coordinator):
    log_in(client)

    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 12 * 60 * 60


def test_staff_session_ends_after_thirty_minutes_without_activity(client, coordinator):
    client.force_login(coordinator)
    set_session_clock(client, **{SEEN_AT: 31 * 60})

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[0][0] == f"{reverse('admin:login')}?next={reverse('admin:index')}"
    assert "U bent uitgelogd na 30 minuten zonder activiteit." in page_text(response)
    assert not is_in_admin(client)


def test_staff_session_stays_open_while_the_coordinator_keeps_working(client, coordinator):
    client.force_login(coordinator)
    set_session_clock(client, **{SEEN_AT: 29 * 60})

    assert is_in_admin(client)
    assert int(time.time()) - client.session[SEEN_AT] < 60


def test_staff_session_ends_twelve_hours_after_login_even_when_active(client, coordinator):
    client.force_login(coordinator)
    set_session_clock(client, **{LOGIN_AT: 12 * 60 * 60 + 60, SEEN_AT: 60})

    response = client.get(reverse("admin:index"), follow=True)

    assert "U bent na 12 uur automatisch uitgelogd." in page_text(response)
    assert not is_in_admin(client)


def test_deactivating_a_user_ends_their_sessions(client, coordinator):
    client.force_login(coordinator)
    assert is_in_admin(client)

    coordinator.is_active = False
    coordinator.save()

    assert not is_in_admin(client)
    # Switching the account back on does not revive the old session.
    coordinator.is_active = True
    coordinator.save()
    assert not is_in_admin(client)


def test_deactivating_a_user_leaves_other_users_logged_in(client, coordinator, admin_client):
    client.force_login(coordinator)

    coordinator.is_active = False
    coordinator.save()

    assert admin_client.get(reverse("admin:index")).status_code == 200
