"""Hostile requests over every public page, parameter and form field: never a server error, never raw input.

Random unicode, control characters, 100 kB values, repeated and unknown parameters, bytes
that are not UTF-8, and injection strings (SQL, HTML/JS, template syntax, paths, full-text
syntax) go through Django's test client, in process, against the seeded bundle.

The normal test run sends a fixed, derandomized set of a few hundred requests (about half a
minute). `make fuzz` sets FUZZ_EXAMPLES=10000 and draws at random: it reports how many
requests it sent and how long they took.
"""

import logging
import os
import random
import re
import time
from urllib.parse import urlencode

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.urls import resolve, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from contact.forms import ContactRequestForm, ProposalForm
from interventions.models import Intervention
from portal.sitemaps import SITEMAPS
from tests.helpers import hostile

pytestmark = pytest.mark.django_db

# All examples together; each of the five tests below sends a fifth of them (one request each).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "600"))
FULL_RUN = "FUZZ_EXAMPLES" in os.environ
TESTS = 5

fuzz = hypothesis_settings(
    max_examples=max(EXAMPLES // TESTS, 1),
    # CI runs the same requests every time; `make fuzz` explores.
    derandomize=not FULL_RUN,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    print_blob=True,
)

SENT = {"requests": 0, "started": time.perf_counter()}

# An echo of hostile input that was not escaped: the markup of an injection (hostile.INJECTIONS) as
# it was sent, or a script address put in a link. Escaped (&lt;script&gt;, %3Cscript%3E) it is harmless.
M = hostile.MARKER
UNESCAPED = re.compile(
    rf"<script>{M}|<img src=x onerror={M}|<svg onload=\"{M}|<a href=\"javascript:{M}|<{M}>|<!--{M}|"
    rf"(href|src|action)=[\"']?javascript:{M}",
    re.IGNORECASE,
)
OTHER_PUBLIC_PAGES = ["/robots.txt", "/sitemap.xml", "/vergelijk/", "/cijfers/thema-regio.csv"]


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    elapsed = time.perf_counter() - SENT["started"]
    if FULL_RUN:
        print(f"\nFuzzing: {SENT['requests']:,} hostile requests in {elapsed:.0f} s, no server error.")


@pytest.fixture(autouse=True)
def _quiet():
    """Thousands of 404s and rejected forms would fill the log; the assertions say what matters."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def public_pages(db):
    """Every public address: the sitemap's (pages, interventions, places, lessons, knowledge) and the rest."""
    pages = set(OTHER_PUBLIC_PAGES)
    for sitemap in SITEMAPS.values():
        for item in sitemap.items():
            pages.add(sitemap.location(item))
    slug = Intervention.objects.published().order_by("pk").values_list("slug", flat=True).first()
    pages |= {
        reverse("contact:find_each_other", args=[slug]),
        reverse("contact:find_each_other_sent", args=[slug]),
        reverse("contact:share_sent"),
        reverse("password_reset"),
        reverse("password_reset_done"),
        reverse("password_reset_complete"),
    }
    return sorted(pages)


def send(client, method, path, **kwargs):
    """One request from a fresh address (the forms' rate limits count per address)."""
    SENT["requests"] += 1
    address = ".".join(str(random.randint(1, 254)) for _ in range(4))
    response = getattr(client, method)(path, REMOTE_ADDR=address, **kwargs)
    assert response.status_code < 500, (method, path, kwargs.get("data"), response.status_code)
    content_type = response.get("Content-Type", "")
    if "html" in content_type and not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        match = UNESCAPED.search(body)
        assert match is None, (method, path, match.group() if match else "", kwargs.get("data"))
    return response


def as_query(pairs):
    """A query string that keeps every pair, repeated names and empty ones included."""
    return urlencode(pairs, doseq=False)


@fuzz
@given(data=st.data())
def test_public_pages_survive_hostile_parameters(client, public_pages, data):
    path = data.draw(st.sampled_from(public_pages), label="page")
    pairs = data.draw(hostile.parameters(settings.PAGE_CACHE_PARAMETERS), label="parameters")
    send(client, "get", f"{path}?{as_query(pairs)}")


@fuzz
@given(data=st.data())
def test_public_pages_survive_raw_query_strings_and_paths(client, public_pages, data):
    path = data.draw(st.sampled_from(public_pages), label="page")
    if data.draw(st.booleans(), label="mangle the path"):
        # Put hostile text where the last slug or number was.
        head = path.rstrip("/").rpartition("/")[0]
        path = f"{head}/{data.draw(hostile.path_segment(), label='segment')}/"
    query = data.draw(hostile.raw_query(settings.PAGE_CACHE_PARAMETERS), label="query")
    send(client, "get", f"{path}?{query}")


@fuzz
@given(
    text=hostile.hostile_text,
    page=st.sampled_from([reverse("search"), reverse("interventions:list")]),
    extra=hostile.parameters(settings.PAGE_CACHE_PARAMETERS),
)
def test_search_survives_hostile_queries(client, text, page, extra):
    send(client, "get", f"{page}?{as_query([('q', text), *extra])}")


def valid_value(field):
    """What a sincere visitor would enter in `field`, so that hostile values elsewhere reach the save."""
    if isinstance(field, forms.EmailField):
        return "fuzz@example.org"
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first else ""
    if isinstance(field, forms.ChoiceField):
        keys = [key for key, _label in field.choices if key and not isinstance(_label, list | tuple)]
        return str(keys[0]) if keys else ""
    return "Een gewone zin."


def form_targets():
    slug = Intervention.objects.published().order_by("pk").values_list("slug", flat=True).first()
    reset = reverse("password_reset")
    # The form the reset view is configured with (the project's own, or Django's).
    reset_form = resolve(reset).func.view_initkwargs.get("form_class") or PasswordResetForm
    return [
        (reverse("contact:find_each_other", args=[slug]), ContactRequestForm),
        (reverse("contact:share"), ProposalForm),
        (reset, reset_form),
    ]


@fuzz
@given(data=st.data())
def test_forms_survive_hostile_posts(client, data):
    # Valid-looking posts do reach the save: their mail must stay in memory, never leave the machine.
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    path, form_class = data.draw(st.sampled_from(form_targets()), label="form")
    fields = form_class().fields
    # The spam trap stays empty, else the form is (rightly) ignored before anything else is read.
    valid = {name: valid_value(field) for name, field in fields.items() if name != "website"}
    hostile_names = data.draw(st.lists(st.sampled_from(sorted(fields)), unique=True), label="hostile fields")
    post = [(name, value) for name, value in valid.items() if name not in hostile_names]
    post += [(name, data.draw(hostile.hostile_text, label=name)) for name in hostile_names]
    post += data.draw(st.lists(st.tuples(hostile.odd_names, hostile.hostile_text), max_size=2), label="extra")
    send(client, "post", path, data=as_query(post), content_type="application/x-www-form-urlencoded")
    cache.clear()


@fuzz
@given(data=st.data())
def test_forms_survive_hostile_multipart_posts(client, data):
    path, form_class = data.draw(st.sampled_from(form_targets()), label="form")
    fields = form_class().fields
    post = {name: data.draw(st.lists(hostile.hostile_text, min_size=1, max_size=3), label=name) for name in fields}
    send(client, "post", path, data=post)
    cache.clear()


def test_the_check_tells_an_unescaped_echo_from_an_escaped_one():
    for injection in hostile.INJECTIONS:
        if hostile.MARKER in injection and "<" in injection:
            assert UNESCAPED.search(f"<p>{injection}</p>"), injection
            assert not UNESCAPED.search(f"<p>{escape(injection)}</p>"), injection
    assert not UNESCAPED.search('<a href="?q=%3Cscript%3Egkafuzz">')
