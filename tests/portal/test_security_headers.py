"""Headers as policy: one strict Content-Security-Policy and a Permissions-Policy on every page type.

Public pages, pages from the page cache, the admin, 404 and 500 all carry the same policy; nothing
inline is allowed, so no template may hold inline code (a page cached for everyone cannot carry a
per-visitor nonce). The browser side (violations caught, the site causing none) is in
tests/browser/test_content_security_policy.py.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import path, reverse

from core import pagecache
from core.headers import permissions_policy
from interventions.models import Intervention
from municipalities.models import Province
from tests.helpers.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
POLICY = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": PLAYERS,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
VIDEO_FEATURE = ["self", *(f'"{origin}"' for origin in PLAYERS)]
PERMISSIONS = {
    **{
        feature: []
        for feature in [
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
        ]
    },
    **dict.fromkeys(["autoplay", "encrypted-media", "fullscreen", "picture-in-picture"], VIDEO_FEATURE),
}


def csp(header):
    """A policy header as {directive: [sources]}; a directive given twice would be a broken policy."""
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {header!r}"
        directives[name] = sources
    return directives


def permissions(header):
    features = {}
    for part in header.split(", "):
        name, allowed = part.split("=", 1)
        assert allowed.startswith("(") and allowed.endswith(")"), part
        features[name] = allowed[1:-1].split()
    return features


def assert_policies(response):
    header = response["Content-Security-Policy"]
    assert csp(header) == POLICY
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "nonce-" not in header
    assert "Content-Security-Policy-Report-Only" not in response
    assert permissions(response["Permissions-Policy"]) == PERMISSIONS


TAG = re.compile(r"<[a-zA-Z][^>]*>", re.S)
EVENT_OR_STYLE = re.compile(r"""\s(?:style|on[a-z]+)\s*=""", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def inline_code(html):
    """What a strict CSP would refuse in `html`: inline scripts and styles, style and event attributes."""
    found = [f"<style> block: {m[:60]!r}" for m in re.findall(r"<style\b[^>]*>.{0,60}", html, re.S | re.I)]
    for attributes, body in SCRIPT.findall(html):
        if body.strip() or "src=" not in attributes:
            found.append(f"inline <script>: {body.strip()[:60]!r}")
    for tag in TAG.findall(html):
        if EVENT_OR_STYLE.search(tag) or re.search(r"""=\s*["']?\s*javascript:""", tag, re.I):
            found.append(f"attribute: {tag[:100]!r}")
    return found


@pytest.mark.parametrize(
    "html",
    [
        "<p style='color:red'>x</p>",
        '<button onclick="go()">x</button>',
        "<script>alert(1)</script>",
        '<script src="/static/x.js">alert(1)</script>',
        "<style>p{color:red}</style>",
        '<a href="javascript:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
    ],
)
def test_the_inline_code_check_finds_what_the_policy_refuses(html):
    assert inline_code(html)


def test_the_inline_code_check_lets_static_files_and_data_attributes_through():
    assert inline_code('<script defer src="/static/js/video.js"></script><p data-style="x" class="on">') == []


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_every_public_page_type_carries_the_strict_policy_and_has_no_inline_code(visitor, path):
    response = visitor.get(path)
    assert response.status_code == (404 if path == PAGE_TYPES["not found"] else 200), path
    assert_policies(response)
    assert inline_code(response.content.decode()) == []


def test_a_page_with_a_video_and_the_htmx_list_need_nothing_inline(visitor):
    Intervention.objects.filter(slug="g-town").update(video_url="https://vimeo.com/76979871")
    detail = visitor.get("/interventies/g-town/").content.decode()
    assert 'data-embed-src="https://player.vimeo.com/video/76979871?dnt=1"' in detail
    assert '<script src="/static/js/video.js" defer></script>' in detail
    assert inline_code(detail) == []
    # htmx is told not to inject its indicator <style> and never to eval.
    listing = visitor.get("/interventies/").content.decode()
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", listing)[1])
    assert config["includeIndicatorStyles"] is False and config["allowEval"] is False


def test_the_htmx_fragment_of_the_list_carries_the_policy_too(visitor):
    response = visitor.get("/interventies/", {"thema": "soepele-overgang"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert_policies(response)
    assert inline_code(response.content.decode()) == []


@pytest.fixture
def page_cache():
    pagecache.clear_pages()
    with override_settings(PAGE_CACHE_SECONDS=600):
        yield
    pagecache.clear_pages()


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("path", ["/", "/interventies/", "/cijfers/", "/interventies/g-town/"])
def test_a_page_from_the_page_cache_carries_the_policy_exactly_once(visitor, path):
    assert visitor.get(path)["X-Page-Cache"] == "miss"
    hit = visitor.get(path)
    assert hit["X-Page-Cache"] == "hit"
    names = [name.lower() for name, _ in hit.items()]
    assert names.count("content-security-policy") == 1
    assert names.count("permissions-policy") == 1
    assert_policies(hit)


@pytest.mark.usefixtures("page_cache")
def test_a_changed_policy_reaches_pages_already_in_the_cache(visitor):
    """The cache does not keep the policy: an operator's change shows on the very next hit."""
    visitor.get("/lessen/")
    stricter = {"DIRECTIVES": {**POLICY, "img-src": ["'none'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=stricter, PERMISSIONS_POLICY={"camera": []}):
        hit = visitor.get("/lessen/")
    assert hit["X-Page-Cache"] == "hit"
    assert csp(hit["Content-Security-Policy"])["img-src"] == ["'none'"]
    assert hit["Permissions-Policy"] == "camera=()"


def admin_url(view, *args):
    return reverse(f"admin:interventions_intervention_{view}", args=args)


@pytest.fixture
def g_town_with_history():
    g_town = Intervention.objects.get(slug="g-town")
    for results in ["Eerste versie.", "Tweede versie."]:
        with reversion.create_revision():
            g_town.results = results
            g_town.save()
    return g_town


@pytest.mark.parametrize(
    "page",
    ["dashboard", "list", "change", "history", "compare", "export", "import", "add"],
)
def test_every_admin_page_carries_the_same_policy_and_has_no_inline_code(beheerder, g_town_with_history, page):
    pk = g_town_with_history.pk
    versions = list(reversion.models.Version.objects.get_for_object(g_town_with_history).values_list("pk", flat=True))
    urls = {
        "dashboard": reverse("admin:index"),
        "list": admin_url("changelist"),
        "change": admin_url("change", pk),
        "history": admin_url("history", pk),
        "compare": admin_url("compare", pk) + f"?version_id1={versions[1]}&version_id2={versions[0]}",
        "export": admin_url("export"),
        "import": admin_url("import"),
        "add": admin_url("add"),
    }
    response = beheerder.get(urls[page])
    assert response.status_code == 200, urls[page]
    assert_policies(response)
    body = response.content.decode()
    assert inline_code(body) == []
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in body
    if page == "history":
        # django-reversion-compare's first radio button is hidden by a class now, not a style attribute.
        assert 'class="compare-first"' in body
    if page == "export":
        assert 'id="select-all-toggle"' in body and "/static/js/admin-export.js" in body


def test_a_change_list_without_actions_gets_its_first_column_rule_from_the_stylesheet(beheerder, monkeypatch):
    # Django puts a <style> block on a change list without actions; the override gives a body class instead.
    monkeypatch.setattr(admin.site.get_model_admin(Province), "actions_on_top", False)
    response = beheerder.get(reverse("admin:municipalities_province_changelist"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "change-list-no-actions" in re.search(r"<body[^>]*>", body)[0]
    assert inline_code(body) == []
    assert_policies(response)


def test_the_admin_login_carries_the_policy(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_policies(response)
    assert inline_code(response.content.decode()) == []


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("stuk/", boom)]


@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_carries_the_policy_and_styles_itself_from_a_file(client):
    client.raise_request_exception = False
    response = client.get("/stuk/")
    assert response.status_code == 500
    assert_policies(response)
    body = response.content.decode()
    assert "Er ging iets mis" in body
    assert '<link rel="stylesheet" href="/static/css/error.css">' in body
    assert inline_code(body) == []


TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.S)


def test_no_web_page_template_holds_inline_code():
    """E-mail templates are mail, not pages: they keep their inline styles."""
    offenders = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        if "email" in template.relative_to(TEMPLATES).parts[:-1]:
            continue
        found = inline_code(TEMPLATE_COMMENT.sub("", template.read_text()))
        if found:
            offenders[str(template.relative_to(ROOT))] = found
    assert offenders == {}


def settings_in_a_fresh_process(**env):
    """The policy settings as the production settings module builds them from `env`, and the headers it sends."""
    code = """
import json
import django
from django.conf import settings
django.setup()
from django.http import HttpResponse
from django.test import RequestFactory
from csp.middleware import CSPMiddleware
response = CSPMiddleware(lambda request: HttpResponse())(RequestFactory().get("/"))
print(json.dumps({
    "enforced": settings.CONTENT_SECURITY_POLICY,
    "report_only": settings.CONTENT_SECURITY_POLICY_REPORT_ONLY,
    "headers": {name: value for name, value in response.items() if "Security" in name},
}))
"""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_CSP", "DJANGO_SETTINGS"))
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "gka_portal.settings", "DJANGO_SECRET_KEY": "x", **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_the_policy_is_enforced_by_default():
    result = settings_in_a_fresh_process()
    assert result.returncode == 0, result.stderr
    built = json.loads(result.stdout)
    assert built["report_only"] is None
    assert built["enforced"] == {"DIRECTIVES": POLICY}
    assert list(built["headers"]) == ["Content-Security-Policy"]


def test_report_only_mode_sends_the_same_policy_without_enforcing_it_and_reports_where_told():
    result = settings_in_a_fresh_process(DJANGO_CSP_REPORT_ONLY="1", DJANGO_CSP_REPORT_URI="/csp-rapport/")
    assert result.returncode == 0, result.stderr
    built = json.loads(result.stdout)
    assert built["enforced"] is None
    assert built["report_only"] == {"DIRECTIVES": {**POLICY, "report-uri": "/csp-rapport/"}}
    assert list(built["headers"]) == ["Content-Security-Policy-Report-Only"]
    header = built["headers"]["Content-Security-Policy-Report-Only"]
    assert csp(header) == {**POLICY, "report-uri": ["/csp-rapport/"]}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_CSP_REPORT_ONLY": "soms"}, "DJANGO_CSP_REPORT_ONLY='soms': use 1/0, true/false, yes/no or on/off"),
        (
            {"DJANGO_CSP_REPORT_URI": "/rapport; script-src *"},
            "DJANGO_CSP_REPORT_URI='/rapport; script-src *': give an address such as https://reports.example/csp",
        ),
        (
            {"DJANGO_CSP_REPORT_URI": "ftp://reports.example"},
            "DJANGO_CSP_REPORT_URI='ftp://reports.example': give an address",
        ),
    ],
)
def test_a_bad_policy_setting_stops_the_start_with_a_clear_message(env, message):
    result = settings_in_a_fresh_process(**env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    "policy",
    [{"camera": ["https://evil.example; microphone=*"]}, {"camera; x": []}, {"camera": ["example.org"]}],
)
def test_a_malformed_permissions_policy_is_refused(policy):
    with pytest.raises(ImproperlyConfigured):
        permissions_policy(policy)


def test_the_permissions_policy_header_spells_none_self_and_origins():
    policy = {"camera": [], "fullscreen": ["self", "https://player.vimeo.com"], "sync-xhr": ["*"]}
    assert permissions_policy(policy) == 'camera=(), fullscreen=(self "https://player.vimeo.com"), sync-xhr=*'
