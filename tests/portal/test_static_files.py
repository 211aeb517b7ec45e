"""Static files in production: hashed names, cached for good by browsers, sent compressed (WhiteNoise).

The rest of the suite serves plain, uncollected files (tests/settings.py); these
tests run `collectstatic` once with the production storage into a throwaway
folder and ask for the files as a browser would.
"""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STATIC = {
    "DEBUG": False,
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    },
}
FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The collected static files, as `collectstatic` leaves them on a server."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, **PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production(static_root):
    """Production's static file settings, and a fresh client whose WhiteNoise reads the collected files."""
    with override_settings(STATIC_ROOT=static_root, **PRODUCTION_STATIC):
        yield Client()


def test_a_hashed_file_is_cached_for_good_and_sent_compressed(production):
    url = staticfiles_storage.url("css/portal.css")
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", url)
    response = production.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Cache-Control"] == FOREVER
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert response["Content-Type"].startswith("text/css")
    body = gzip.decompress(b"".join(response.streaming_content))
    assert body == Path(staticfiles_storage.path(url.removeprefix("/static/"))).read_bytes()


def test_a_browser_that_cannot_unzip_gets_the_plain_file(production):
    url = staticfiles_storage.url("js/video.js")
    response = production.get(url)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert response["Cache-Control"] == FOREVER
    assert b"".join(response.streaming_content).startswith(b"// Loads a YouTube or Vimeo player")


def test_the_unhashed_name_is_cached_only_briefly(production):
    # Someone who links to /static/css/portal.css gets the newest version within a minute.
    response = production.get("/static/css/portal.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


@pytest.mark.django_db
def test_every_stylesheet_and_script_of_a_page_is_served_hashed_compressed_and_cached(production):
    for path in ["/", "/interventies/g-town/"]:
        page = production.get(path)
        assert page.status_code == 200
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page.content.decode())
        assert "/static/css/portal.css" not in assets
        assert any(asset.startswith("/static/css/print.") for asset in assets)
        for asset in assets:
            response = production.get(asset, HTTP_ACCEPT_ENCODING="gzip")
            assert (response.status_code, response["Cache-Control"]) == (200, FOREVER), asset
            assert response.get("Content-Encoding") == "gzip", asset
