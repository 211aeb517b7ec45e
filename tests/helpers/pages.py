"""Reading what a visitor sees on a page."""

import html
import re

CARD_LINK = re.compile(r'class="card-title"><a href="/interventies/([^/"]+)/"')
INLINE_TAG = re.compile(r"</?(a|span|strong|em|cite|mark|abbr|b|i|small)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")


def card_slugs(response):
    """Slugs of the intervention cards on the page, in the order shown."""
    return CARD_LINK.findall(response.content.decode())


def page_text(response):
    """The page's visible text: tags removed, entities decoded, whitespace collapsed.

    Inline tags vanish without a trace; block tags separate words, as a browser shows them.
    """
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = TAG.sub(" ", INLINE_TAG.sub("", body))
    return " ".join(html.unescape(body).split())


HIT_LINK = re.compile(r'class="hit-title"><a href="([^"]+)"')


def hit_urls(response):
    """Addresses of the search page's hits, in the order shown."""
    return HIT_LINK.findall(response.content.decode())


def missing(shown, *phrases):
    """The `phrases` that `shown` (a page's text or source) lacks, in order: `assert not missing(text, ...)`."""
    return [phrase for phrase in phrases if phrase not in shown]
