"""Health endpoints for load balancers and orchestrators.

They answer before any other middleware: over plain HTTP (no redirect to
HTTPS), whatever the Host header says (a balancer asks by the instance's own
address, which is not in ALLOWED_HOSTS), with no session or cookie, and never
cached.

- `/health/live`: the process serves requests. It touches nothing else.
- `/health/ready`: the database and the cache answer too; if one does not,
  503 with a small JSON body naming what failed.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

LIVE = "/health/live"
READY = "/health/ready"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    # A key of its own per check: a value left by another instance proves nothing.
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    if cache.get(key) != "ok":
        raise RuntimeError("the cache did not return what was just stored")
    cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


def readiness():
    """{name: "ok" or "unavailable"} for each dependency, and whether all answered."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:  # any failure means not ready; the log says which and why
            logger.warning("Health check %s failed", name, exc_info=True)
            results[name] = "unavailable"
    return results, all(value == "ok" for value in results.values())


def _answer(body, status):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers the health endpoints itself; first in MIDDLEWARE, so nothing else runs for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info.rstrip("/")
        if path == LIVE and request.method in ("GET", "HEAD"):
            return _answer({"status": "ok"}, 200)
        if path == READY and request.method in ("GET", "HEAD"):
            checks, ready = readiness()
            return _answer({"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503)
        return self.get_response(request)
