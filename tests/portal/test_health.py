"""A load balancer asks each instance whether it lives and whether it can serve."""

import json

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

# As production: HTTPS redirect on, only the public host name allowed.
PRODUCTION = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["kennisbank.example"]}
# A balancer asks by the instance's own address, over plain HTTP.
BALANCER = Client(HTTP_HOST="10.0.0.7:8000", raise_request_exception=False)


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("path", ["/health/live", "/health/live/"])
def test_live_answers_over_plain_http_at_any_host_without_touching_the_database(path):
    # No django_db mark: any database access here raises.
    response = BALANCER.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


@override_settings(**PRODUCTION)
@pytest.mark.django_db
def test_ready_says_ok_when_the_database_and_cache_answer():
    response = BALANCER.get("/health/ready")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "Set-Cookie" not in response


@override_settings(**PRODUCTION)
@pytest.mark.django_db
def test_ready_names_the_database_when_it_does_not_answer(monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("core.health.connection.cursor", refuse)
    response = BALANCER.get("/health/ready")
    assert response.status_code == 503
    body = json.loads(response.content)
    # The embedded default keeps its cache in the database, so that one fails along with it.
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert "Health check database failed" in caplog.text


@override_settings(**PRODUCTION)
@pytest.mark.django_db
def test_ready_names_the_cache_when_it_does_not_answer(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("core.health.cache.set", refuse)
    response = BALANCER.get("/health/ready")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"] == {"database": "ok", "cache": "unavailable"}


@override_settings(**PRODUCTION)
@pytest.mark.django_db
def test_other_paths_still_need_the_public_host_and_https():
    assert BALANCER.get("/health/other").status_code == 400
    assert Client(HTTP_HOST="kennisbank.example").get("/health/livex").status_code == 301
    # Writing to a health endpoint is not a health check.
    assert Client(HTTP_HOST="kennisbank.example").post("/health/live").status_code == 301
