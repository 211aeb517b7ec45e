"""Every page type, at a laptop's and a phone's width: axe finds no WCAG 2.x A/AA violation."""

import pytest

from tests.helpers.a11y import describe, violations
from tests.helpers.page_types import PAGE_TYPES, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_no_page_type_has_an_accessibility_violation(site, page, width):
    page.set_viewport_size(dict(zip(["width", "height"], WIDTHS[width], strict=True)))
    problems = []
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        found = violations(page)
        if found:
            problems.append(describe(found, f"{name} ({path})"))
    assert not problems, "\n\n".join(problems)


def test_the_check_itself_catches_a_violation(page):
    """The guard above must be able to fail: a page with an unlabelled field and an image without alt."""
    page.set_content('<html lang="nl"><title>x</title><main><img src="x.png"><input type="text"></main></html>')
    found = {violation["id"] for violation in violations(page)}
    assert {"image-alt", "label"} <= found
