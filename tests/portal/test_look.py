"""Every public page wears the NL Design System's Rijkshuisstijl theme, from our own static files."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.helpers.pages import missing

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
VENDOR = ROOT / "static" / "vendor"
STYLESHEETS = [
    "/static/vendor/rijkshuisstijl/design-tokens.css",
    "/static/vendor/rijkshuisstijl/components.css",
    "/static/css/portal.css",
]


@pytest.mark.parametrize("path", ["/", "/regios/", "/interventies/g-town/", "/over/", "/bestaat-niet/"])
def test_every_page_loads_the_theme_and_its_components_in_order(visitor, path):
    body = visitor.get(path).content.decode()
    screen = re.findall(r'<link rel="stylesheet" href="([^"]+)">', body)
    # A page with a quote or a table adds the components only it uses, before our own rules.
    content = "/static/vendor/rijkshuisstijl/components-content.css"
    assert [href for href in screen if href != content][:3] == STYLESHEETS
    if content in screen:
        assert screen.index(content) == 2
    assert not missing(
        body,
        '<body class="rhc-theme">',
        '<a class="nl-skip-link nl-skip-link--visible-on-focus skip-link" href="#inhoud">',
        '<nav class="rhc-nav-bar wrapper" aria-label="Hoofdmenu">',
        '<footer class="utrecht-page-footer rhc-page-footer rhc-page-footer--primary-filled site-footer">',
    )


def test_pages_with_breadcrumbs_use_the_breadcrumb_component(visitor):
    body = visitor.get("/regios/").content.decode()
    assert '<nav class="utrecht-breadcrumb-nav breadcrumbs wrapper" aria-label="Kruimelpad">' in body
    assert '<li class="utrecht-breadcrumb-nav__item"><a class="utrecht-breadcrumb-nav__link' in body


def test_vendored_files_match_the_pinned_packages_and_keep_their_licences():
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert pinned == {
        "@rijkshuisstijl-community/components-css": "12.0.0",
        "@rijkshuisstijl-community/design-tokens": "11.1.0",
        "htmx.org": "2.0.11",
    }
    for name, version in pinned.items():
        assert lock[f"node_modules/{name}"]["version"] == version
    readme = (VENDOR / "README.md").read_text()
    assert "| `@rijkshuisstijl-community/components-css` | 12.0.0 | EUPL-1.2 |" in readme
    assert "| `htmx.org` | 2.0.11 | 0BSD |" in readme
    assert (
        (VENDOR / "rijkshuisstijl" / "components.css")
        .read_text()
        .startswith("/* @rijkshuisstijl-community/components-css 12.0.0 (EUPL-1.2)")
    )
    assert (
        (VENDOR / "rijkshuisstijl" / "design-tokens.css")
        .read_text()
        .startswith("/* @rijkshuisstijl-community/design-tokens 11.1.0")
    )
    assert "EUROPEAN UNION PUBLIC LICENCE" in (VENDOR / "rijkshuisstijl" / "LICENSE-components-css.md").read_text()
    assert "Rijksoverheid" in (VENDOR / "rijkshuisstijl" / "LICENSE-design-tokens.md").read_text()
    assert (
        "Zero-Clause BSD" in (VENDOR / "htmx" / "LICENSE").read_text()
        or "BSD" in (VENDOR / "htmx" / "LICENSE").read_text()
    )


def test_every_token_our_css_uses_is_vendored():
    """design-tokens.css holds only the tokens in use: one our CSS needs but lacks would silently fall back."""
    tokens = (VENDOR / "rijkshuisstijl" / "design-tokens.css").read_text()
    defined = set(re.findall(r"^(--[a-z0-9-]+):", tokens, re.MULTILINE))
    css = "\n".join(path.read_text() for path in (ROOT / "static" / "css").glob("*.css"))
    used = set(re.findall(r"var\(\s*(--(?:rhc|utrecht|nl)-[a-z0-9-]+)", css))
    assert used, "our stylesheets use the theme's tokens"
    assert not used - defined, f"run `make vendor`: {sorted(used - defined)}"
