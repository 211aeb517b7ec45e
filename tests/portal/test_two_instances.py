"""Two app servers (`make serve`'s gunicorn) on one PostgreSQL database and one Redis, as in production.

Under load from 32 clients nothing fails; an edit and an unpublish made
through one instance are seen on the other at once. Loopback only, with a
bounded number of requests; the load figures of a longer run are in
docs/benchmarks.md (`make bench-serve`).
"""

import html.parser
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 32
REQUESTS_PER_CLIENT = 12
MIX = [
    "/interventies/",
    "/interventies/?thema=talentontwikkeling",
    "/interventies/?provincie=groningen&sorteer=titel",
    "/interventies/?q=ouders",
    "/interventies/g-town/",
    "/interventies/social-worker-in-het-primair-onderwijs/",
    "/zoeken/?q=taal",
    "/lessen/3/",
    "/static/css/portal.css",
]

pytestmark = pytest.mark.postgresql


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Form(html.parser.HTMLParser):
    """The fields of one form as a browser would send them (files and unticked boxes left out)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select, self._textarea = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in attrs and tag in {"input", "select", "textarea"}:
            return
        if tag == "input" and attrs.get("type") not in {"file", "submit", "button"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            name, value = self._textarea
            self.fields.append((name, value.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self.inside = False


class Browser:
    """One staff member's browser: cookies, and the CSRF token of the last page."""

    def __init__(self, base):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def get(self, path):
        with self.opener.open(self.base + path, timeout=20) as response:
            return response.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", self.csrf())]).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.fixture(scope="module")
def two_instances(tmp_path_factory):
    db = settings.DATABASES["default"]
    server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    name = f"gka_two_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}",
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/14",
        "DJANGO_SECRET_KEY": "two-instances-test-key",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECURE_SSL": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        # The editor logs in with a password only; the one-time code is tested in tests/accounts.
        "DJANGO_REQUIRE_2FA": "0",
    }
    python = sys.executable

    def manage(*args):
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)

    manage("migrate", "--noinput")
    manage("seed_portal")
    manage("collectstatic", "--noinput")
    manage("clear_page_cache")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User, Group; "
        "u = User.objects.create_user('redacteur', password='two-instances-password', is_staff=True); "
        "u.groups.add(Group.objects.get(name='Redacteur'))",
    )
    gunicorn = Path(python).with_name("gunicorn")
    logs = tmp_path_factory.mktemp("logs")
    processes, bases = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [gunicorn, "--config", "deploy/gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
                stdout=subprocess.DEVNULL,
                # The instances' errors, for a failing test's report.
                stderr=open(logs / f"gunicorn-{port}.log", "w"),  # noqa: SIM115 (closed with the process)
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            for _ in range(100):
                try:
                    if status(base, "/health/ready")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            else:
                raise AssertionError(f"{base} did not become ready")
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_thirty_two_clients_on_two_instances_get_no_failed_request(two_instances):
    def client(number):
        failures = []
        for request in range(REQUESTS_PER_CLIENT):
            base = two_instances[(number + request) % 2]
            path = MIX[(number * 7 + request) % len(MIX)]
            code = status(base, path)[0]
            if code != 200:
                failures.append((base, path, code))
        return failures

    with ThreadPoolExecutor(CLIENTS) as pool:
        failures = [failure for result in pool.map(client, range(CLIENTS)) for failure in result]
    assert failures == []


def test_an_edit_and_an_unpublish_through_one_instance_show_on_the_other_at_once(two_instances):
    first, second = two_instances
    for _ in range(2):  # warm both page caches
        assert "G-Town" in status(second, "/interventies/g-town/")[1]
        status(first, "/interventies/g-town/")
    editor = Browser(first)
    editor.get("/beheer/login/")
    code, _ = editor.post(
        "/beheer/login/?next=/beheer/", [("username", "redacteur"), ("password", "two-instances-password")]
    )
    assert code == 302
    change_list = editor.get("/beheer/interventions/intervention/?q=G-Town")
    change_path = next(
        part.split('"')[0]
        for part in change_list.split('href="')[1:]
        if "/intervention/" in part and "/change/" in part
    )
    form = Form("intervention_form")
    form.feed(editor.get(change_path))
    fields = [(name, "G-Town, twee servers" if name == "title" else value) for name, value in form.fields]
    code, body = editor.post(change_path, [*fields, ("_save", "Opslaan")])
    assert code == 302, body[:2000]
    assert "G-Town, twee servers" in status(second, "/interventies/g-town/")[1]

    pk = re.search(r"/intervention/(\d+)/change/", change_path).group(1)
    code, _ = editor.post("/beheer/interventions/intervention/", [("action", "archive"), ("_selected_action", pk)])
    assert code == 302
    assert status(second, "/interventies/g-town/")[0] == 404
    assert status(first, "/interventies/g-town/")[0] == 404
    assert "G-Town" not in status(second, "/interventies/")[1]
