"""Errors reach Sentry when SENTRY_DSN is set, without anything about the visitor; without it, nothing is started.

Sentry is set up while the settings load, so each test starts the portal in a
process of its own with the environment it needs. The "Sentry server" is a
small HTTP server in this process that keeps what it is sent.
"""

import gzip
import json
import os
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.urls import path

from core.sentry import validate_dsn


def broken_page(request):
    email = request.user.email  # a local variable a report must not carry
    raise RuntimeError(f"Kon de kennisbank niet bijwerken ({len(email)})")


def fine_page(request):
    return HttpResponse("ok")


# The URLconf of the portal started by the tests.
urlpatterns = [path("test/kapot/", broken_page), path("test/goed/", fine_page)]

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "marleen@example.org"
VISITOR_ADDRESS = "192.0.2.44"
FORWARDED_ADDRESS = "198.51.100.7"

# Logs a staff member in (her e-mail address in the user table), asks the WSGI application, as
# gunicorn would, for the failing page with cookies, a query, a forwarded address and a header,
# and waits until Sentry has sent what it will send.
PORTAL = textwrap.dedent(
    f"""
    import io, django, sentry_sdk
    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    setup_test_environment()
    connection.settings_dict["TEST"]["MIGRATE"] = False
    connection.creation.create_test_db(verbosity=0, serialize=False)
    from django.contrib.auth import get_user_model
    user = get_user_model().objects.create_user("marleen", email="{EMAIL}", is_staff=True)
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    application = get_wsgi_application()
    with override_settings(ROOT_URLCONF="tests.core.test_sentry"):
        for page in ("/test/goed/", "/test/kapot/"):
            answer = {{}}
            body = application(
                {{
                    "REQUEST_METHOD": "GET", "PATH_INFO": page, "QUERY_STRING": "email={EMAIL}",
                    "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
                    "REMOTE_ADDR": "{VISITOR_ADDRESS}", "HTTP_X_FORWARDED_FOR": "{FORWARDED_ADDRESS}",
                    "HTTP_COOKIE": f"sessionid={{session}}; voorkeur=geheim-koekje", "HTTP_X_SECRET": "kopstuk",
                    "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(), "wsgi.url_scheme": "http",
                }},
                lambda status, headers, exc_info=None: answer.update(status=status, headers=dict(headers)),
            )
            b"".join(body)
            print(page, answer["status"].split()[0], answer["headers"]["X-Request-ID"])
    print("session", session)
    print("active", sentry_sdk.get_client().is_active())
    sentry_sdk.flush(timeout=10)
    """
)


def start_portal(env, script=PORTAL):
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gka_portal.settings",
            "DJANGO_SECRET_KEY": "sentry-test-not-a-secret",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECURE_SSL": "0",
            "DJANGO_PLAIN_STATIC": "1",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_CACHE_URL": "",
            "DATABASE_URL": "sqlite:///unused-sentry-test.sqlite3",
            "SENTRY_DSN": "",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def sentry_server():
    """A stand-in for sentry.io on 127.0.0.1: `server.posts` holds (path, body) for each envelope."""
    posts = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            posts.append((self.path, body.decode()))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.posts = posts
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def events(posts):
    """The event payloads in the envelopes: an envelope is a header line, then item header and payload lines."""
    found = []
    for _path, body in posts:
        lines = body.splitlines()
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                found.append(json.loads(payload))
    return found


def test_an_error_in_a_view_is_reported_without_anything_about_the_visitor(sentry_server):
    dsn = f"http://publickey@127.0.0.1:{sentry_server.server_port}/42"

    result = start_portal({"SENTRY_DSN": dsn, "SENTRY_ENVIRONMENT": "acceptatie", "SENTRY_RELEASE": "gka@1.4.0"})

    assert result.returncode == 0, result.stderr
    printed = dict(line.split(" ", 1) for line in result.stdout.splitlines() if not line.startswith("{"))
    assert printed["/test/kapot/"].startswith("500 ")
    request_id = printed["/test/kapot/"].split()[1]
    # The error, and the release-health count of sessions that went wrong.
    assert {path for path, _ in sentry_server.posts} == {"/api/42/envelope/"}
    (event,) = events(sentry_server.posts)
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    assert event["environment"] == "acceptatie"
    assert event["release"] == "gka@1.4.0"
    assert event["tags"]["request_id"] == request_id
    assert event["request"] == {"method": "GET", "url": "http://testserver/test/kapot/"}
    sent = "\n".join(body for _path, body in sentry_server.posts)
    for secret in (
        VISITOR_ADDRESS,
        FORWARDED_ADDRESS,
        EMAIL,
        printed["session"],
        "geheim-koekje",
        "kopstuk",
        # Frames' local variables.
        '"vars"',
    ):
        assert secret not in sent, f"{secret} was sent to Sentry"
    # Errors only: no performance traces.
    assert '"type":"transaction"' not in sent.replace(" ", "")


def test_without_a_dsn_sentry_is_not_started(sentry_server):
    result = start_portal({"SENTRY_DSN": ""})

    assert result.returncode == 0, result.stderr
    assert "active False" in result.stdout
    assert sentry_server.posts == []


@pytest.mark.parametrize(
    "dsn",
    [
        "sentry.example/42",
        "ftp://publickey@sentry.example/42",
        "https://sentry.example/42",
        "https://publickey@sentry.example/",
        "https://publickey@sentry.example/project",
    ],
)
def test_a_malformed_dsn_is_refused_with_a_clear_message(dsn):
    with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN is not a Sentry DSN"):
        validate_dsn(dsn)


def test_the_portal_does_not_start_with_a_malformed_dsn():
    result = start_portal({"SENTRY_DSN": "https://sentry.example/42"}, script="import django; django.setup()")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SENTRY_DSN is not a Sentry DSN (Missing public key)" in result.stderr


def test_a_well_formed_dsn_is_accepted():
    assert validate_dsn("https://0123abcd@o17.ingest.sentry.io/4501") == "https://0123abcd@o17.ingest.sentry.io/4501"
