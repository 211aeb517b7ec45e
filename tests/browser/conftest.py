"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

The launch recipe is the one verified on these machines (no browser download:
the `chromium` package, installed by `make test`, is the browser).
"""

import os

import pytest

from core import pagecache
from portal.seeding import portal_seed

# Playwright's sync API keeps an event loop running in the main thread; Django's
# guard against sync database calls from async code would stop the test server's
# setup. It only lifts that guard in the test process.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *FLAGS],
    }


@pytest.fixture
def site(live_server):
    """The live portal with the whole bundle: live_server empties the database after each test."""
    portal_seed()
    return live_server.url


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The browser sees the site as production serves it: anonymous pages from the page cache."""
    settings.PAGE_CACHE_SECONDS = 600
    pagecache.clear_pages()
