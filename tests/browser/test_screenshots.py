"""Screenshots of every page type at both widths, for people to look at (`make screenshots`).

In CI they go to a temporary folder and prove that each page renders at the
width asked for; `make screenshots` keeps them in screenshots/.
"""

import os
import struct
from pathlib import Path

import pytest

from tests.helpers.page_types import PAGE_TYPES, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_width(path):
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">I", header[16:20])[0]


@pytest.mark.parametrize("width", WIDTHS, ids=list(WIDTHS))
def test_every_page_type_is_photographed_at_its_width(site, page, width, tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    viewport_width, viewport_height = WIDTHS[width]
    page.set_viewport_size({"width": viewport_width, "height": viewport_height})
    for name, path in PAGE_TYPES.items():
        page.goto(site + path)
        target = folder / f"{name.replace(' ', '-')}-{viewport_width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert png_width(target) == viewport_width, target
