"""gunicorn's settings for `make serve` and the systemd unit, read from the environment.

PORT (default 8000) and WEB_CONCURRENCY (default 2, the worker processes) are
the conventional names; HOST (default 127.0.0.1) is where it listens: behind
nginx on the same machine, loopback is all it needs.
"""

import os


def _positive_int(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{name}={value!r}: give a whole number of at least 1 (default {default}).")
    return int(value)


port = _positive_int("PORT", 8000)
if port > 65535:
    raise SystemExit(f"PORT={port}: a port is at most 65535.")

wsgi_app = "gka_portal.wsgi:application"
bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{port}"]
workers = _positive_int("WEB_CONCURRENCY", 2)
# A request that takes longer than this is stuck: the worker is replaced.
timeout = 30
graceful_timeout = 30
# Replace each worker now and then, so a slow leak never grows; not too often, since loading Django
# again takes a worker out for a second (at 2,000 a busy worker restarted every few seconds).
max_requests = 50000
max_requests_jitter = 5000
# gunicorn's own errors (worker starts, timeouts) on stderr. No access log of its own: the portal
# writes one JSON line per request on stdout itself, with the request id (core/requestlog.py).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Only the proxy on this machine may say which scheme the client used.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
