"""Settings for the test suite: production settings with a throwaway key and fast hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_SECURE_SSL", "0")

from gka_portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The hashed manifest needs `collectstatic`; tests serve plain files.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# WhiteNoise would warn that the (uncollected) STATIC_ROOT is missing.
STATIC_ROOT = None
# Production asks staff for a one-time code; most tests log in with a password alone, and the
# two-factor tests switch it on (tests/accounts/test_login_security.py).
REQUIRE_2FA = False
# Most tests look at a page as rendered (its context, its queries); tests/portal/test_page_cache.py
# and the browser tests switch the page cache on.
PAGE_CACHE_SECONDS = 0
# Production's queue in the database, so a test sees that a request only enqueued; the tests run the
# queued tasks themselves (tests/helpers/tasks.py run_queued_tasks) where they look at the mail.
TASKS = {"default": {"BACKEND": "taskqueue.backend.DatabaseBackend"}}
