"""Several app servers share one Redis: the cache, the rate-limit counters and the page cache live there.

These tests need the Redis server at 127.0.0.1:6379 (`make test` starts one); when it cannot be
reached they fail, they never skip. Database 15 is theirs alone.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from core import pagecache, ratelimit
from gka_portal.settings import redis_cache

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
REDIS = {"default": redis_cache(REDIS_URL, "gka-test"), "pages": redis_cache(REDIS_URL, "gka-test-pages")}
# Nothing listens there: a Redis that went away.
GONE = {"default": redis_cache("redis://127.0.0.1:1/0", "x"), "pages": redis_cache("redis://127.0.0.1:1/0", "y")}

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis():
    with override_settings(CACHES=REDIS, PAGE_CACHE_SECONDS=600):
        cache.clear()
        pagecache.clear_pages()
        yield
        cache.clear()
        pagecache.clear_pages()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("127.0.0.1:6379", "give a Redis address such as redis://127.0.0.1:6379/0"),
        ("http://127.0.0.1:6379/0", "give a Redis address such as redis://127.0.0.1:6379/0"),
        ("redis://", "give a Redis address such as redis://127.0.0.1:6379/0"),
        ("redis://127.0.0.1:port/0", "the port and the database (after the last /) must be numbers"),
        ("redis://127.0.0.1:6379/zero", "the port and the database (after the last /) must be numbers"),
    ],
)
def test_a_malformed_cache_url_is_refused_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message.replace("(", r"\(").replace(")", r"\)")):
        redis_cache(url, "gka")


def test_a_malformed_cache_url_stops_the_start():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "DJANGO_CACHE_URL": "redis//127.0.0.1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_CACHE_URL='redis//127.0.0.1': give a Redis address" in result.stderr


def test_pages_are_cached_in_redis_and_a_change_is_seen_by_every_server(redis, visitor):
    visitor.get("/interventies/")
    assert visitor.get("/interventies/")["X-Page-Cache"] == "hit"
    # Another app server: its own process memory, the same Redis.
    version = cache.get(pagecache.VERSION_KEY)
    assert version
    pagecache.content_changed()
    assert cache.get(pagecache.VERSION_KEY) != version
    assert visitor.get("/interventies/")["X-Page-Cache"] == "miss"


def test_the_rate_limit_counts_in_redis(redis, rf):
    request = rf.post("/deel-je-aanpak/", REMOTE_ADDR="192.0.2.10")
    for _ in range(ratelimit.LIMIT):
        assert not ratelimit.exceeded(request, "share")
        ratelimit.hit(request, "share")
    assert ratelimit.exceeded(request, "share")


def test_when_redis_goes_away_pages_are_rendered_uncached_and_ready_says_503(caplog):
    with override_settings(CACHES=GONE, PAGE_CACHE_SECONDS=600):
        response = Client().get("/interventies/")
        assert response.status_code == 200
        assert "G-Town" in response.content.decode()
        assert "X-Page-Cache" not in response
        assert "Page cache unavailable" in caplog.text
        ready = Client().get("/health/ready")
        assert ready.status_code == 503
        assert json.loads(ready.content)["checks"]["cache"] == "unavailable"
