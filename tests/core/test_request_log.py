"""What an operator reads in the logs: one JSON line per request, a request id on every response, no IP address.

The tests read what the configured console handler writes (settings LOGGING), so
they see the lines exactly as they land on stdout in production.
"""

import io
import json
import logging
import re

import pytest
from django.test import Client
from django.urls import include, path

from core import pagecache
from core.requestlog import JsonFormatter, RequestIdFilter, TextFormatter
from tests.helpers.personas import make_staff

pytestmark = pytest.mark.django_db

NEW_ID = re.compile(r"[0-9a-f]{32}")
ISO_UTC_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
VISITOR_ADDRESS = "192.0.2.44"
FORWARDED_ADDRESS = "198.51.100.7"
REQUEST_LINE_FIELDS = {
    "time",
    "level",
    "logger",
    "request_id",
    "message",
    "method",
    "path",
    "query_params",
    "status",
    "duration_ms",
    "user_id",
}


def broken_page(request):
    raise RuntimeError("De database van de kennisbank is onbereikbaar")


def page_that_logs(request):
    from django.http import HttpResponse

    logging.getLogger("interventions.views").warning("Import van %s mislukt", "scholen.xlsx")
    return HttpResponse("ok")


def page_that_logs_the_address(request):
    from django.http import HttpResponse

    # As a careless library might.
    logging.getLogger("some.library").warning(
        "Request from %s, forwarded for %s", request.META["REMOTE_ADDR"], request.META["HTTP_X_FORWARDED_FOR"]
    )
    return HttpResponse("ok")


def unavailable_page(request):
    from django.http import HttpResponse

    return HttpResponse("Even niet", status=503)


# This module is the URLconf of the tests that need a failing or a logging view.
urlpatterns = [
    path("test/kapot/", broken_page),
    path("test/meldt/", page_that_logs),
    path("test/adres/", page_that_logs_the_address),
    path("test/onbeschikbaar/", unavailable_page),
    path("", include("gka_portal.urls")),
]


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def log():
    """What the console handler writes while the test runs: `log.text`, and `log.lines()` parsed."""
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    stream = io.StringIO()
    previous = handler.setStream(stream)

    class Output:
        @property
        def text(self):
            return stream.getvalue()

        def lines(self, logger=None):
            parsed = [json.loads(line) for line in self.text.splitlines()]
            return [line for line in parsed if logger is None or line["logger"] == logger]

        def request_line(self):
            (line,) = self.lines("gka.request")
            return line

    yield Output()
    handler.setStream(previous)


def test_each_request_is_one_json_line_with_the_operator_fields(visitor, log):
    response = visitor.get("/interventies/", {"thema": "talentontwikkeling", "email": "jan@example.org"})

    line = log.request_line()
    assert set(line) == REQUEST_LINE_FIELDS
    assert ISO_UTC_MS.fullmatch(line["time"])
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert NEW_ID.fullmatch(line["request_id"])
    assert line["method"] == "GET"
    assert line["path"] == "/interventies/"
    # The names of the parameters the site knows; never a value, nor a name it does not know.
    assert line["query_params"] == ["other", "thema"]
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["message"].startswith("GET /interventies/ 200 ")
    assert "jan@example.org" not in log.text and "talentontwikkeling" not in log.text


def test_a_logged_in_staff_member_is_named_by_id_only(log):
    staff = make_staff("marleen", email="marleen@example.org")

    response = staff.get("/beheer/")

    assert response.status_code == 200
    assert log.request_line()["user_id"] == staff.user.pk
    assert "marleen" not in log.text


def test_every_request_gets_a_new_id(visitor):
    first, second = visitor.get("/"), visitor.get("/")
    assert NEW_ID.fullmatch(first["X-Request-ID"]) and NEW_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_health_answers_carry_the_request_id_and_are_logged(log):
    response = Client(HTTP_HOST="10.0.0.7:8000").get("/health/live")

    assert response.status_code == 200
    assert log.request_line()["request_id"] == response["X-Request-ID"]
    assert log.request_line()["path"] == "/health/live"


def test_static_files_carry_the_request_id(settings, log):
    # WhiteNoise serves the files from where they are, as after `collectstatic`; a new Client starts it.
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/static/css/portal.css")

    assert response.status_code == 200
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    assert log.request_line()["status"] == 200


def test_a_page_from_the_page_cache_carries_a_request_id_of_its_own(visitor, settings, log):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
    try:
        miss, hit = visitor.get("/over/"), visitor.get("/over/")
    finally:
        pagecache.clear_pages()

    assert hit["X-Page-Cache"] == "hit"
    assert NEW_ID.fullmatch(hit["X-Request-ID"]) and hit["X-Request-ID"] != miss["X-Request-ID"]
    lines = log.lines("gka.request")
    assert [line["request_id"] for line in lines] == [miss["X-Request-ID"], hit["X-Request-ID"]]
    assert [line["status"] for line in lines] == [200, 200]


def test_a_missing_page_is_one_line_with_status_404(visitor, log):
    response = visitor.get("/bestaat-niet/")

    assert response.status_code == 404
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    # Django's own "Not Found" warning would say the same again.
    assert [(line["logger"], line["status"]) for line in log.lines()] == [("gka.request", 404)]


@pytest.mark.usefixtures("test_urls")
def test_an_error_in_a_view_is_logged_with_its_traceback_and_the_request_id(log):
    response = Client(raise_request_exception=False).get("/test/kapot/", {"q": "geheim"})

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert NEW_ID.fullmatch(request_id)
    line = log.request_line()
    assert (line["status"], line["level"], line["request_id"]) == (500, "ERROR", request_id)
    (error,) = log.lines("django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == request_id
    assert "Traceback (most recent call last)" in error["exc_info"]
    assert "RuntimeError: De database van de kennisbank is onbereikbaar" in error["exc_info"]
    assert "geheim" not in log.text


@pytest.mark.usefixtures("test_urls")
def test_django_s_own_line_about_a_failed_response_carries_the_request_id(visitor, log):
    response = visitor.get("/test/onbeschikbaar/")

    assert response.status_code == 503
    # Django logs it after the middleware has answered; it still belongs to the request.
    (error,) = log.lines("django.request")
    assert error["message"] == "Service Unavailable: /test/onbeschikbaar/"
    assert error["request_id"] == response["X-Request-ID"]


@pytest.mark.usefixtures("test_urls")
def test_a_message_logged_by_the_view_carries_the_request_id(visitor, log):
    response = visitor.get("/test/meldt/")

    (message,) = log.lines("interventions.views")
    assert message["message"] == "Import van scholen.xlsx mislukt"
    assert message["level"] == "WARNING"
    assert message["request_id"] == response["X-Request-ID"]
    assert ISO_UTC_MS.fullmatch(message["time"])


def test_without_a_trusted_proxy_an_incoming_request_id_is_not_taken(visitor, settings):
    settings.PROXY_COUNT = 0

    response = visitor.get("/", HTTP_X_REQUEST_ID="nginx-4f2a9c")

    assert NEW_ID.fullmatch(response["X-Request-ID"])


def test_behind_a_trusted_proxy_its_request_id_is_kept(visitor, settings, log):
    settings.PROXY_COUNT = 1

    response = visitor.get("/", HTTP_X_REQUEST_ID="nginx-4f2a9c.01_B")

    assert response["X-Request-ID"] == "nginx-4f2a9c.01_B"
    assert log.request_line()["request_id"] == "nginx-4f2a9c.01_B"


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 201,
        "abc\ndef",
        "abc\r\nSet-Cookie: sessionid=gestolen",
        "verzoek-é",
        "<script>alert(1)</script>",
        "abc def",
        "",
    ],
)
def test_behind_a_proxy_a_hostile_request_id_is_replaced_never_echoed(visitor, settings, log, hostile):
    settings.PROXY_COUNT = 1

    response = visitor.get("/", HTTP_X_REQUEST_ID=hostile)

    assert response.status_code == 200
    assert NEW_ID.fullmatch(response["X-Request-ID"])
    assert log.request_line()["request_id"] == response["X-Request-ID"]
    if hostile:
        assert hostile not in log.text
        assert json.dumps(hostile)[1:-1] not in log.text


@pytest.mark.usefixtures("test_urls")
def test_the_visitors_address_appears_nowhere_in_the_log(client, log):
    make_staff("marleen", password="Kansen-voor-iedereen-2025", logged_in=False)
    proxied = {"REMOTE_ADDR": VISITOR_ADDRESS, "HTTP_X_FORWARDED_FOR": FORWARDED_ADDRESS}

    client.get("/interventies/", **proxied)
    # A wrong password makes django-axes log the login attempt.
    client.post("/beheer/login/", {"username": "marleen", "password": "raden-maar"}, **proxied)
    client.get("/test/adres/", **proxied)
    client.get("/test/adres/", **proxied)

    assert "AXES: New login failure" in log.text
    assert VISITOR_ADDRESS not in log.text
    assert FORWARDED_ADDRESS not in log.text
    # Where a message held an address, a pseudonym stands, the same for every line about that address.
    first, second = (line["message"] for line in log.lines("some.library"))
    assert re.fullmatch(r"Request from ip-[0-9a-f]{12}, forwarded for ip-[0-9a-f]{12}", first)
    assert first == second


def test_the_text_format_for_a_terminal_names_the_request_id_too(visitor):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter())
    handler.addFilter(RequestIdFilter())
    logging.getLogger().addHandler(handler)
    try:
        response = visitor.get("/over/", {"q": "jan@example.org"}, REMOTE_ADDR=VISITOR_ADDRESS)
    finally:
        logging.getLogger().removeHandler(handler)

    (line,) = stream.getvalue().splitlines()
    assert re.fullmatch(
        rf"{ISO_UTC_MS.pattern} INFO    gka.request \[{response['X-Request-ID']}\] GET /over/ 200 \d+\.\dms", line
    )
