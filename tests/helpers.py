"""Reading what a visitor sees on a page."""

import html
import re

CARD_LINK = re.compile(r'class="card-title"><a href="/interventies/([^/"]+)/"')


def card_slugs(response):
    """Slugs of the intervention cards on the page, in the order shown."""
    return CARD_LINK.findall(response.content.decode())


def page_text(response):
    """The page's visible text: tags removed, entities decoded, whitespace collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
