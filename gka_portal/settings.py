"""Settings for the GKA kennisbank.

Everything that differs between a laptop, CI and production comes from
environment variables. The defaults are the safe ones: DEBUG off, and an
SQLite file in the project root so `make run` needs no database server.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    """Read a yes/no variable; anything but the known spellings is an error."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off")


def envint(name: str, default: int, minimum: int = 0) -> int:
    """Read a whole number of at least `minimum`; anything else is an error."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: give a whole number of at least {minimum}.")
    return int(value)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development.")
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The public address, e.g. https://kennisbank.example, for canonical links and Open Graph; without it,
# the address each request was made to.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"DJANGO_SITE_URL={SITE_URL!r}: give the whole address, e.g. https://kennisbank.example")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies (nginx, a load balancer) stand in front of the app servers and append to
# X-Forwarded-For. The visitor's address is read that many hops from the right (django-ipware); with
# 0, the address of the connection itself. Rate limits, the login lockout and the request id's trust
# depend on it, so it must match the deployment (deploy/nginx-gka-portal.conf: 1). Behind a proxy
# (DJANGO_BEHIND_PROXY=1) it is 1 unless set: otherwise every visitor would count as nginx's address.
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY")
PROXY_COUNT = envint("DJANGO_PROXY_COUNT", 1 if BEHIND_PROXY else 0)

INSTALLED_APPS = [
    # The admin with the portal's own site (dashboard, two-factor login when required).
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "reversion",
    "reversion_compare",
    "import_export",
    # Django's task framework (backport); the queue itself is taskqueue's table in the site's database.
    "django_tasks",
    "taskqueue",
    # CORS for the API's reads (the settings below).
    "corsheaders",
    # The project's floors, bottom to top; each imports only from the floors below it
    # (the import-linter contract in pyproject.toml checks this):
    # shared helpers and the search engine, which stand on nothing of the project;
    "core",
    "slugs",
    "search",
    # places; staff accounts and their regions; interventions; lessons and the rest of the
    # knowledge base, side by side; messages from the public about all of these;
    "municipalities",
    "accounts",
    "interventions",
    "lessons",
    "knowledge",
    "contact",
    # the read API of the open data, beside them (it reads the same querysets as the pages);
    "api",
    # and on top the site as a whole: home, search page, sitemaps, admin site, seeding.
    "portal",
]

MIDDLEWARE = [
    "core.requestlog.RequestLogMiddleware",  # Before all: X-Request-ID on every response, one log line each.
    # Next: load balancers ask /health/* over plain HTTP by the instance's own address.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The API's version header, slash rule, HEAD and problem+json errors (api/middleware.py), on every
    # answer under /api/ however it came about; then its CORS headers, on cached answers too.
    "api.middleware.APIMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Outside the page cache, so pages it serves carry the current policies too (core/headers.py).
    "core.headers.CSPMiddleware",  # django-csp's, with the constant header built once
    "core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for every page, cached or not; outside the page cache, so hits answer 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Shared anonymous pages, before the session is looked at (core/pagecache.py).
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: tells a logged-out staff member why their session ended.
    "accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "gka_portal.urls"

# The admin lives at a path of its own choosing in production, away from bots
# that try /admin/.
ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "beheer/").strip("/") + "/"
# Never shared, whoever asks: the admin, staff accounts, uploads (served with their own headers), health.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/" + ADMIN_PATH, "/account/", "/media/", "/health/", "/static/")

# Staff log in with a password and a one-time code (TOTP) when this is on: always with DEBUG off
# unless DJANGO_REQUIRE_2FA=0 says otherwise (`check --deploy` then warns, accounts.W001); with
# DJANGO_DEBUG=1 (make run) the password suffices. See the README for setting up an authenticator app.
REQUIRE_2FA = envbool("DJANGO_REQUIRE_2FA", default=not DEBUG)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "gka_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if not DATABASES["default"]["ENGINE"].endswith(("sqlite3", "postgresql")):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Spreadsheet imports write all rows or none.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing creates and changes entries; exporting shows them.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login, lockout, two-factor and sessions (OWASP ASVS level 2; see the README's
# "Inloggen en twee-stapsverificatie").
LOGIN_URL = "admin:login"

# Five wrong passwords for one username from one address lock that pair out for
# 15 minutes. Counting the pair, not the username alone, means an attacker
# elsewhere cannot lock a coordinator out; a correct login clears the count.
# Two caches. "default" holds what every app server must share: the contact forms' rate-limit
# counters and the pages' content version (core.pagecache). "pages" holds the rendered anonymous
# pages. Embedded (no DJANGO_CACHE_URL): "default" is a table in the site's own database (made by
# migrate), so every worker process counts together without another service, and "pages" lives in
# each process's memory; the shared content version keeps every process exact. With
# DJANGO_CACHE_URL=redis://host:6379/0 both live in Redis, shared by every app server.
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "").strip()


def redis_cache(url: str, prefix: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL={url!r}: give a Redis address such as redis://127.0.0.1:6379/0 (or rediss:// for TLS)."
        )
    try:
        parts.port  # noqa: B018 (urlsplit checks the port only when it is read)
        database = parts.path.strip("/")
        if database and not database.isdigit():
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL={url!r}: the port and the database (after the last /) must be numbers."
        ) from None
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        # A Redis that stops answering must not hold a request: fail fast, render uncached.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


if CACHE_URL:
    CACHES = {"default": redis_cache(CACHE_URL, "gka"), "pages": redis_cache(CACHE_URL, "gka-pages")}
else:
    CACHES = {
        # Far above what it holds (rate-limit counters, the content version), so that Django's culling,
        # which deletes rows past MAX_ENTRIES, never takes a counter that still runs.
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gka_cache",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gka-pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# Anonymous pages: how long a browser or a cache in front may keep one (seconds; short, since a
# change must show soon there too), and how long the portal's own page cache keeps one at most
# (it is invalidated exactly on every change; this only bounds memory). 0 switches the page cache off.
PUBLIC_MAX_AGE = envint("DJANGO_PUBLIC_MAX_AGE", 60)
# Off by default with DJANGO_DEBUG=1 (make run), so that a developer's template edits show at once.
PAGE_CACHE_SECONDS = envint("DJANGO_PAGE_CACHE_SECONDS", 0 if DEBUG else 3600)
# The query parameters the public pages read; the page cache keys on these and drops every other.
PAGE_CACHE_PARAMETERS = frozenset(
    {"thema", "provincie", "regio", "gemeente", "doelgroep", "status", "soort", "factor", "q", "sorteer", "pagina"}
    | {"letterlijk", "id"}
)
# The open-data API (api/): the full version in the API-Version header; the major one is in the path.
API_VERSION = "1.0.0"
# CORS (django-cors-headers): any site may read the API from a browser, without credentials, so the answer
# is "*" and never varies by Origin. Only reads; the conditional-request headers may be sent and the version
# and validators read.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["API-Version", "ETag", "Last-Modified"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Under these paths an answer names the parameters it ignored (the API's notices), so the key holds their
# names (not their values) too.
PAGE_CACHE_IGNORED_NAMES_PREFIXES = ("/api/",)

AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# That template with 429 and a Retry-After header.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The address is read as the rate limits read it: PROXY_COUNT hops from the right of X-Forwarded-For,
# or the connection's own address with 0 (core/clientip.py).
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"

# Shown in authenticator apps next to the account name.
OTP_TOTP_ISSUER = "GKA-kennisbank"

# A staff session ends after 30 minutes without a request, and 12 hours after
# login whatever happens (accounts.middleware.SessionLimitsMiddleware).
SESSION_IDLE_TIMEOUT = 30 * 60
SESSION_COOKIE_AGE = 12 * 60 * 60

# Password-set links, from the reset form or `create_coordinator`, work once and
# for one day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

# Password-reset mail goes out through this SMTP server. With DEBUG on it is
# printed to the console instead; never in production, where a log holding a
# working password link would be a leak.
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "GKA-kennisbank <noreply@localhost>")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS")
# Seconds one attempt waits on the mail server (connecting and every reply); the worker tries again later.
EMAIL_TIMEOUT = envint("DJANGO_EMAIL_TIMEOUT", 10, minimum=1)
if DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Mail (the contact forms', password resets) goes through a task queue: the request only stores a task
# in the site's own database (taskqueue), so no visitor waits on the mail server; `manage.py db_worker`
# sends it, with EMAIL_TIMEOUT per attempt and retries with backoff (core.mail). `make run` starts a
# worker beside the development server; production runs `make worker` (deploy/gka-portal-worker.service).
TASKS = {"default": {"BACKEND": "taskqueue.backend.DatabaseBackend"}}

# Who gets the contact form's questions and proposed approaches for a region that has no active
# coordinator with an e-mail address yet: comma-separated addresses (Django's MANAGERS).
MANAGERS = [(address, address) for address in envlist("DJANGO_MANAGERS")]

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` (make serve) puts the files WhiteNoise and nginx serve.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded images (an intervention's photo). portal.media serves them, in
# production too; a web server in front may serve /media/ from MEDIA_ROOT instead.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain files while developing and
        # in tests, so neither needs `collectstatic` first.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or envbool("DJANGO_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security. Behind TLS in production; DJANGO_SECURE_SSL=0 turns the
# HTTPS-only settings off for a plain-HTTP local run with DEBUG off.
SECURE_SSL = envbool("DJANGO_SECURE_SSL", default=not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_SSL else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), one strict policy for every page, public and admin: scripts,
# styles and images only from this site and nothing inline, so no 'unsafe-inline', no 'unsafe-eval'
# and no nonces either (a page from the page cache is shared by everyone, and so would its nonce
# be). Templates keep their code in static/js and static/css; htmx is told not to inject its
# indicator style nor to eval (templates/interventions/list.html). Frames only from the two video
# players static/js/video.js loads after a click (interventions/video.py builds their addresses).
# DJANGO_CSP_REPORT_ONLY=1 sends the same policy as Content-Security-Policy-Report-Only, to try a
# change out on production traffic; DJANGO_CSP_REPORT_URI is where browsers report violations.
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CSP_DIRECTIVES = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    # htmx fetches the list's results from this site.
    "connect-src": ["'self'"],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CSP_REPORT_URI = os.environ.get("DJANGO_CSP_REPORT_URI", "").strip()
if CSP_REPORT_URI:
    if not CSP_REPORT_URI.startswith(("https://", "http://", "/")) or any(c in CSP_REPORT_URI for c in " ;,'\""):
        raise ImproperlyConfigured(
            f"DJANGO_CSP_REPORT_URI={CSP_REPORT_URI!r}: "
            "give an address such as https://reports.example/csp or a path such as /csp-report"
        )
    CSP_DIRECTIVES["report-uri"] = CSP_REPORT_URI
if envbool("DJANGO_CSP_REPORT_ONLY"):
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
# Permissions-Policy (core.headers.PermissionsPolicyMiddleware): the browser features the site never
# uses are off for it and for any frame; the video players may go full screen, play and show
# picture-in-picture (the allow attribute static/js/video.js gives their frame). An empty list is
# "nobody"; "self" is this site; others are origins. Only features browsers know: Chromium logs an
# error for every other name (the retired interest-cohort, bluetooth); browsing-topics is FLoC's successor.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "autoplay": ["self", *VIDEO_PLAYER_ORIGINS],
    "encrypted-media": ["self", *VIDEO_PLAYER_ORIGINS],
    "fullscreen": ["self", *VIDEO_PLAYER_ORIGINS],
    "picture-in-picture": ["self", *VIDEO_PLAYER_ORIGINS],
}

# Long query strings are cut off by the views; this caps the number of
# parameters so a flood of them answers 400 before any view runs.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# Logs: everything on stdout, one line per record (core/requestlog.py). JSON by default (fields
# time, level, logger, request_id, message and, for the line each request gets from logger
# gka.request, method, path, query_params, status, duration_ms, user_id); DJANGO_LOG_FORMAT=text
# for a terminal, the default with DJANGO_DEBUG=1. Never an IP address, a query value or a cookie.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "").strip().lower() or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_LEVEL={LOG_LEVEL!r}: use DEBUG, INFO, WARNING, ERROR or CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.requestlog.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "core.requestlog.JsonFormatter"},
        "text": {"()": "core.requestlog.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's records go to the one handler above (no plain-text console or admin mails of its own).
        "django": {"handlers": [], "level": LOG_LEVEL},
        # Their 4xx lines ("Not Found: /x") say what gka.request's line says; 5xx keep their traceback.
        "django.request": {"level": "ERROR"},
        # runserver's access line, likewise; its errors (HTTPS to the dev server) stay.
        "django.server": {"level": "ERROR"},
        # Its "BEGIN version ..." at every start would land in the output of every manage.py command.
        "axes.apps": {"level": "WARNING"},
    },
}

# Errors go to Sentry when SENTRY_DSN is set (core/sentry.py: no IP, cookies, headers, form
# data or user details), with SENTRY_ENVIRONMENT and SENTRY_RELEASE if given; off without it.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from core import sentry

    sentry.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "").strip(),
        release=os.environ.get("SENTRY_RELEASE", "").strip(),
    )
