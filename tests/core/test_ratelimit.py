"""Limits that hold: five accepted messages per form and address in any hour, exactly, on every cache.

The contact forms and the password-reset form share core.ratelimit. What a visitor notices: the sixth
message within an hour is refused with 429, a Dutch message saying when to try again, a Retry-After
header, and the form as they typed it. Typing errors do not count, waiting does not reset the hour
early, thirty posts at once do not sneak past it, and a forged X-Forwarded-For buys no new slots.

The Redis tests use database 11 of the Redis at 127.0.0.1:6379; when it cannot be reached they fail.
"""

import hashlib
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
import time_machine
from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse

import contact.views
from core import ratelimit
from core.clientip import client_ip
from gka_portal.settings import redis_cache
from portal.seeding import portal_seed
from tests.contact.test_contact import APPROACH, QUESTION
from tests.helpers.pages import page_text
from tests.helpers.personas import make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/11"
LOCAL_PAGES = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-test-pages"}
BACKENDS = {
    # The embedded default: the database cache, in the site's own database.
    "database": None,
    "redis": {"default": redis_cache(REDIS_URL, "gka-ratelimit-test"), "pages": LOCAL_PAGES},
    "local memory": {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-test"},
        "pages": LOCAL_PAGES,
    },
}
# Nothing listens there: a Redis that went away.
GONE = {"default": redis_cache("redis://127.0.0.1:1/0", "gone"), "pages": LOCAL_PAGES}
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOO_MANY = "U heeft het afgelopen uur al 5 berichten gestuurd."


def contact_url():
    return reverse("contact:find_each_other", args=["g-town"])


def _clear():
    cache.clear()
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def _fresh_counts():
    _clear()
    yield
    _clear()


@pytest.fixture(params=list(BACKENDS))
def backend(request):
    """The same story on each kind of cache the portal can run with."""
    if BACKENDS[request.param] is None:
        yield request.param
        return
    with override_settings(CACHES=BACKENDS[request.param]):
        cache.clear()
        yield request.param
        cache.clear()


@pytest.fixture
def on_redis():
    with override_settings(CACHES=BACKENDS["redis"]):
        yield


def ask(client, message="Hoe betrekken jullie de ouders?", **extra):
    return client.post(contact_url(), {**QUESTION, "message": message}, **extra)


# The hour holds


def test_the_hour_does_not_lapse_after_five_minutes(backend, visitor):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(ratelimit.LIMIT):
            assert ask(visitor).status_code == 302

        for minutes in (6, 30, 59):
            clock.move_to(START + timedelta(minutes=minutes))
            refused = ask(visitor)
            assert refused.status_code == 429, f"after {minutes} minutes"
            assert refused["Retry-After"] == str((60 - minutes) * 60)

        clock.move_to(START + timedelta(minutes=61))
        assert ask(visitor).status_code == 302


def test_the_window_slides_so_no_hour_ever_holds_six_messages(backend, visitor):
    with time_machine.travel(START, tick=False) as clock:
        for minutes in (0, 10, 20, 30, 40):
            clock.move_to(START + timedelta(minutes=minutes))
            assert ask(visitor).status_code == 302

        clock.move_to(START + timedelta(minutes=59))
        refused = ask(visitor)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert "Probeer het over 1 minuut opnieuw" in page_text(refused)

        # The first message is an hour old: its slot, and only its slot, is free again.
        clock.move_to(START + timedelta(minutes=60))
        assert ask(visitor).status_code == 302
        clock.move_to(START + timedelta(minutes=61))
        refused = ask(visitor)
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(9 * 60)


def test_the_sixth_proposal_is_refused_in_dutch_with_what_was_typed_kept(backend, visitor):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(ratelimit.LIMIT):
            assert visitor.post(reverse("contact:share"), APPROACH).status_code == 302

        clock.move_to(START + timedelta(minutes=18))
        refused = visitor.post(reverse("contact:share"), {**APPROACH, "title": "Leesclub in de wijk Lingewijk"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == str(42 * 60)
    text = page_text(refused)
    assert "Uw bericht is niet verstuurd" in text
    assert (
        "U heeft het afgelopen uur al 5 berichten gestuurd. Probeer het over 42 minuten opnieuw; uw tekst staat "
        "hieronder nog klaar."
    ) in text
    assert 'value="Leesclub in de wijk Lingewijk"' in refused.content.decode()
    assert APPROACH["approach"] in refused.content.decode()


def test_refused_posts_neither_use_a_slot_nor_move_the_window(backend, visitor):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(ratelimit.LIMIT):
            ask(visitor)
        for minutes in range(1, 60, 5):
            clock.move_to(START + timedelta(minutes=minutes))
            assert ask(visitor).status_code == 429

        clock.move_to(START + timedelta(minutes=60))
        for _ in range(ratelimit.LIMIT):
            assert ask(visitor).status_code == 302
        assert ask(visitor).status_code == 429


def test_posts_with_typing_errors_do_not_use_a_slot(backend, visitor):
    for _ in range(10):
        response = visitor.post(contact_url(), {**QUESTION, "email": "fatima-at-school"})
        assert response.status_code == 200
        assert "Fout:" in page_text(response)

    for _ in range(ratelimit.LIMIT):
        assert ask(visitor).status_code == 302
    assert ask(visitor).status_code == 429


def test_each_form_and_each_address_has_its_own_five(backend, visitor):
    for _ in range(ratelimit.LIMIT):
        ask(visitor)

    assert ask(visitor).status_code == 429
    assert ask(Client(REMOTE_ADDR="192.0.2.44")).status_code == 302
    assert visitor.post(reverse("contact:share"), APPROACH).status_code == 302


# Thirty at once


def post_at_once(url, data, count=30):
    """`count` visitors' posts from one address, released together; their status codes."""
    start = threading.Barrier(count)
    statuses = []

    def post():
        try:
            client = Client(REMOTE_ADDR="198.51.100.23")
            start.wait()
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.fixture
def saved(monkeypatch):
    """The questions the view hands on to be stored and mailed (recorded instead, from any thread)."""
    questions = []
    monkeypatch.setattr(contact.views, "contact_request_create", lambda **kwargs: questions.append(kwargs["data"]))
    return questions


def test_thirty_simultaneous_posts_let_exactly_five_through_with_redis(on_redis, saved):
    statuses = post_at_once(contact_url(), QUESTION)

    assert statuses == [302] * 5 + [429] * 25
    assert len(saved) == 5


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_posts_let_exactly_five_through_with_the_database_cache(saved):
    # Committed for the threads to see; a live-server test before this one may have emptied the tables.
    portal_seed()

    statuses = post_at_once(contact_url(), QUESTION)

    assert statuses == [302] * 5 + [429] * 25
    assert len(saved) == 5


# The embedded default counts in an SQLite file; the test database is in memory, where SQLite
# refuses concurrent writers outright instead of letting them wait, so this runs in a process of its own.
AT_ONCE_IN_SQLITE = """
import threading, django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.test import RequestFactory
from core import ratelimit

call_command("createcachetable", verbosity=0)
start, allowed, errors = threading.Barrier(30), [], []

def reserve():
    try:
        start.wait()
        allowed.append(ratelimit.reserve(RequestFactory().post("/", REMOTE_ADDR="192.0.2.1"), "contact").allowed)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

threads = [threading.Thread(target=reserve) for _ in range(30)]
[thread.start() for thread in threads]
[thread.join() for thread in threads]
print(sum(allowed), len(allowed), errors)
"""


def test_thirty_simultaneous_posts_let_exactly_five_through_with_the_database_cache_in_sqlite(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", AT_ONCE_IN_SQLITE],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "5 30 []", result.stderr


# What the counters hold


def test_the_counters_hold_no_address_nor_a_plain_hash_of_one(backend, visitor):
    address = "198.51.100.7"
    for _ in range(2):
        ask(Client(REMOTE_ADDR=address))
    secrets = (address, hashlib.sha256(address.encode()).hexdigest())

    if backend == "redis":
        store = redis.Redis.from_url(REDIS_URL)
        keys = store.keys("*")
        held = b" ".join(keys + [member for key in keys for member in store.zrange(key, 0, -1)]).decode()
    elif backend == "database":
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key, value FROM gka_cache")
            held = " ".join(" ".join(row) for row in cursor.fetchall())
    else:
        held = " ".join(cache._cache)
    assert "ratelimit:contact:" in held
    assert not any(secret in held for secret in secrets)


# Whose address


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy: the header is the visitor's own invention.
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # One proxy: it appended the address it saw; what is left of that was sent by the visitor.
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "onzin, 203.0.113.5", "203.0.113.5"),
        # Two: a load balancer, then nginx, which appended the balancer's address.
        (2, "10.0.0.3", "198.51.100.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "10.0.0.3", "203.0.113.5, 10.0.0.2", "203.0.113.5"),
        # Not through every proxy, or a chain garbled on purpose: the connection's own address, never
        # one of the visitor's choosing.
        (1, "10.0.0.2", None, "10.0.0.2"),
        (2, "10.0.0.3", "198.51.100.1", "10.0.0.3"),
        (1, "10.0.0.2", '"198.51.100.1, 203.0.113.5', "10.0.0.2"),
    ],
)
def test_the_address_is_read_as_many_hops_from_the_right_as_there_are_proxies(rf, proxies, remote, forwarded, expected):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = rf.post("/", REMOTE_ADDR=remote, **headers)

    with override_settings(PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_a_forged_forwarded_address_buys_no_new_messages(visitor, proxies):
    real_chain = {0: [], 1: ["203.0.113.5"], 2: ["203.0.113.5", "10.0.0.2"]}[proxies]

    def forged(number):
        return ", ".join([f"198.51.100.{number}", *real_chain])

    with override_settings(PROXY_COUNT=proxies):
        for number in range(ratelimit.LIMIT):
            assert ask(visitor, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forged(number)).status_code == 302
        assert ask(visitor, REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forged(99)).status_code == 429


def test_new_ipv6_addresses_in_the_same_network_buy_no_new_messages(visitor):
    for number in range(ratelimit.LIMIT):
        assert ask(visitor, REMOTE_ADDR=f"2001:db8:1:2::{number + 1:x}").status_code == 302

    assert ask(visitor, REMOTE_ADDR="2001:db8:1:2:abcd:ef01:2345:6789").status_code == 429
    assert ask(visitor, REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_the_login_lockout_reads_the_address_the_same_way(rf, settings):
    settings.PROXY_COUNT = 1
    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")

    assert settings.AXES_CLIENT_IP_CALLABLE == "core.clientip.client_ip"
    assert get_client_ip_address(request) == client_ip(request) == "203.0.113.5"


@pytest.mark.parametrize("value", ["een", "-1", "1.5"])
def test_a_proxy_count_that_is_not_a_whole_number_stops_the_start(value):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DJANGO_PROXY_COUNT": value},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert f"DJANGO_PROXY_COUNT={value!r}: give a whole number of at least 0." in result.stderr


@pytest.mark.parametrize(
    "env, expected",
    [({}, "0"), ({"DJANGO_BEHIND_PROXY": "1"}, "1"), ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_PROXY_COUNT": "2"}, "2")],
)
def test_behind_a_proxy_the_proxy_count_is_one_unless_set(env, expected):
    """Without it every visitor would count as nginx's address and share one limit and one lockout."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.PROXY_COUNT)"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DJANGO_LOG_LEVEL": "WARNING", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


# Password reset


def test_password_reset_links_are_limited_the_same_way(backend, client):
    make_staff("marleen", email="marleen@example.org", logged_in=False)
    url = reverse("password_reset")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(3):
            assert client.post(url, {"email": "geen-adres"}).status_code == 200
        for _ in range(ratelimit.LIMIT):
            assert client.post(url, {"email": "marleen@example.org"}).status_code == 302

        clock.move_to(START + timedelta(minutes=6))
        refused = client.post(url, {"email": "marleen@example.org"})
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(54 * 60)
        assert "Probeer het over 54 minuten opnieuw" in page_text(refused)
        assert 'value="marleen@example.org"' in refused.content.decode()

        clock.move_to(START + timedelta(minutes=61))
        assert client.post(url, {"email": "marleen@example.org"}).status_code == 302


# When the cache is gone


def test_when_redis_is_gone_the_forms_still_work_and_a_warning_is_logged(visitor, client, caplog, saved):
    with override_settings(CACHES=GONE):
        for _ in range(ratelimit.LIMIT + 1):
            assert ask(visitor).status_code == 302
        assert client.post(reverse("password_reset"), {"email": "marleen@example.org"}).status_code == 302

    assert len(saved) == ratelimit.LIMIT + 1
    assert "Rate limit for contact unavailable" in caplog.text
    assert "Rate limit for password_reset unavailable" in caplog.text
