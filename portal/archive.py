"""The static archive: the whole public site as files, readable from a folder or on any static host.

`archive_export()` renders every public page as an anonymous visitor would see it, through Django's
own request handling (the test `Client`, in process), in *archive mode*: the templates then show a
banner with the archive's date and leave out what needs the server (filters, forms, comparing), and
the search page becomes an offline search over a prebuilt index (`zoeken/zoekindex.js`, read by
`static/js/archive-search.js`). The page cache is bypassed, so archive renders and live pages never
mix. Links are made relative afterwards, every folder address pointing at its `index.html` (a
browser opening files does not look for one), and page N of a list is written as `index-N.html`.

The crawl starts from the home page, the sitemap's pages and the downloads, and follows every
internal link it writes, so nothing linked is missed. A link to what cannot be in an archive (a
form, the admin, the API, a filtered list) loses its address and stays as text (`dropped_links` lists
those), a <link> to one goes; a list filtered on one theme or place links to that theme's or place's page.
"""

import html
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import time
import unicodedata
from collections import deque
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import Http404
from django.http.request import validate_host
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from core import pagecache
from core.text import shorten
from search import engine

from .media import media_file

# The search page's index, written beside it; the archive search page loads it with <script src>,
# which works from file:// where fetch() of a JSON file does not.
SEARCH_INDEX = "zoeken/zoekindex.js"
# Written into the folder, so that a later export may replace an earlier one (and nothing else).
MARKER = ".gka-archief"
# How a list filtered on one value maps onto a page of its own.
FILTER_PAGES = {
    "thema": "interventions:theme",
    "regio": "interventions:region",
    "provincie": "interventions:province",
    "gemeente": "interventions:municipality",
}
# Pages that need the server: forms and what only works with the visitor's choices.
EXCLUDED_NAMESPACES = {"contact", "admin"}
EXCLUDED_VIEWS = {"interventions:compare"}
LINK_ATTRIBUTES = re.compile(r"""(\s)(href|src|srcset|action|poster)=(["'])(.*?)\3""", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
PASS_THROUGH = ("#", "mailto:", "tel:", "javascript:", "data:")


class ArchiveError(Exception):
    """A problem the operator can fix (the output folder); its message is Dutch and says what to do."""


@dataclass(frozen=True)
class ArchiveMode:
    date: date
    # The live site's address (DJANGO_SITE_URL), or "" when it is not known.
    site_url: str


_mode: ContextVar[ArchiveMode | None] = ContextVar("archive_mode", default=None)


def current() -> ArchiveMode | None:
    """The archive being written by this thread, or None for the live site (the context processor reads it)."""
    return _mode.get()


@contextmanager
def archive_mode(day: date):
    token = _mode.set(ArchiveMode(date=day, site_url=settings.SITE_URL))
    try:
        with pagecache.bypassed():
            yield
    finally:
        _mode.reset(token)


@dataclass
class ArchiveResult:
    files: dict[str, bytes] = field(default_factory=dict)  # path in the archive -> content
    pages: int = 0  # HTML pages among the files
    dropped_links: list[tuple[str, str]] = field(default_factory=list)  # (page, address) left as text
    seconds: float = 0.0


def _origin():
    """The scheme and host the pages are rendered for: the live site's own when known, else a served host."""
    if settings.SITE_URL:
        parts = urlsplit(settings.SITE_URL)
        if validate_host(parts.hostname or "", settings.ALLOWED_HOSTS):
            return parts.scheme, parts.netloc
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    # A pattern ("*", ".example.org") names no host of its own.
    named = [host for host in settings.ALLOWED_HOSTS if host != "*" and not host.startswith(".")]
    if named:
        return scheme, named[0]
    if validate_host("localhost", settings.ALLOWED_HOSTS):
        return scheme, "localhost"
    raise ArchiveError("DJANGO_ALLOWED_HOSTS noemt geen hostnaam om de pagina's voor te maken; zet DJANGO_SITE_URL.")


def check_output(output: Path, *, dry_run: bool = False):
    """Refuse a folder the archive cannot be written to, before any page is rendered."""
    if output.exists() and not output.is_dir():
        raise ArchiveError(f"{output} is een bestand, geen map. Geef een nieuwe of lege map op.")
    existing = next((p for p in [output, *output.parents] if p.exists()), Path("."))
    if not existing.is_dir():
        raise ArchiveError(f"{existing} is een bestand, geen map. Geef een nieuwe of lege map op.")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise ArchiveError(
            f"De map {output} is niet leeg en bevat geen eerder archief. Geef een nieuwe of lege map op."
        )
    if dry_run:
        if not os.access(existing, os.W_OK | os.X_OK):
            raise ArchiveError(f"Geen schrijfrechten in {existing}. Geef een map op waarin u mag schrijven.")
        return
    try:
        # Tried, not only asked: root passes every permission check, and still cannot write into /proc.
        output.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=output):
            pass
    except OSError as error:
        raise ArchiveError(
            f"Kan niet schrijven in {output}: {error.strerror or error}. Geef een map op waarin u mag schrijven."
        ) from None


def archive_export(*, output: Path, dry_run: bool = False, day: date | None = None) -> ArchiveResult:
    """Write the public site into `output` (replacing an earlier archive there); with `dry_run`, only say what.

    Renders as an anonymous visitor, so only published content is in it.
    """
    output = Path(output)
    check_output(output, dry_run=dry_run)
    started = time.monotonic()
    result = _Crawler(day or timezone.localdate()).run()
    if not dry_run:
        _write(output, result.files)
    result.seconds = time.monotonic() - started
    return result


def _write(output: Path, files: dict[str, bytes]):
    if output.is_dir() and (output / MARKER).exists():
        # An earlier archive: pages of content removed since must not linger.
        for child in output.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    output.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (output / MARKER).write_text("Archief van de GKA-kennisbank, gemaakt met manage.py export_static.\n")


def file_for(path: str, page: int = 1) -> str:
    """The archive file of a site address: folders get their index.html, page N of a list index-N.html."""
    name = unquote(path).lstrip("/")
    if name == "" or name.endswith("/"):
        return name + ("index.html" if page == 1 else f"index-{page}.html")
    if "." not in name.rsplit("/", 1)[-1]:
        return name + "/index.html"
    return name


def normalised(text: str) -> str:
    """Lower case without accents, as static/js/archive-search.js compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


class _Crawler:
    def __init__(self, day):
        self.day = day
        # Django's own request handling in process; imported here, so live requests never load the test tools.
        from django.test import Client

        self.scheme, self.host = _origin()
        self.client = Client(HTTP_HOST=self.host, raise_request_exception=True)
        self.files: dict[str, bytes] = {}
        self.html: dict[str, tuple[str, str]] = {}  # file -> (address it was rendered for, body)
        self.targets: dict[tuple[str, int], str | None] = {}  # (path, page) -> file, or None when missing
        self.queue: deque[tuple[str, int]] = deque()
        self.dropped: list[tuple[str, str]] = []

    def run(self) -> ArchiveResult:
        with archive_mode(self.day), _quiet_request_log():
            # The offline search's index, in place before the search page links to it.
            self.targets[("/" + SEARCH_INDEX, 1)] = SEARCH_INDEX
            for path in self._seeds():
                self._want(path, 1)
            while self.queue:
                self._fetch(*self.queue.popleft())
            self.files[SEARCH_INDEX] = self._search_index()
        for name, (address, body) in self.html.items():
            self.files[name] = self._rewrite(name, address, body).encode()
        return ArchiveResult(
            files=dict(sorted(self.files.items())), pages=len(self.html), dropped_links=sorted(set(self.dropped))
        )

    def _seeds(self):
        yield "/"
        yield reverse("robots")
        yield reverse("sitemap")
        yield reverse("interventions:export_csv")
        yield reverse("interventions:export_json")
        yield reverse("interventions:feed")
        sitemap = self._get(reverse("sitemap"))
        for loc in ElementTree.fromstring(sitemap.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            internal = self._internal(loc.text.strip())
            if internal:
                yield internal[0]

    def _get(self, path, page=1):
        return self.client.get(path, {"pagina": page} if page > 1 else {}, secure=self.scheme == "https")

    def _want(self, path: str, page: int) -> str | None:
        """The archive file for this address, queued to be written; None when it cannot be in the archive."""
        key = (path, page)
        if key in self.targets:
            return self.targets[key]
        if not self._archivable(path):
            self.targets[key] = None
            return None
        self.targets[key] = file_for(path, page)
        self.queue.append(key)
        return self.targets[key]

    def _archivable(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL) or path.startswith(settings.MEDIA_URL):
            return True
        if path.startswith(("/" + settings.ADMIN_PATH, "/account/", "/api/", "/health/")):
            return False
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.namespace not in EXCLUDED_NAMESPACES and match.view_name not in EXCLUDED_VIEWS

    def _fetch(self, path: str, page: int):
        name = self.targets[(path, page)]
        if path.startswith(settings.STATIC_URL):
            content = _static_file(path[len(settings.STATIC_URL) :])
            if content is None:
                self.targets[(path, page)] = None
                return
            if path.endswith(".css"):
                for ref in _css_references(content.decode("utf-8", "replace")):
                    target = urlsplit(urljoin(path, ref))
                    if not target.scheme and not target.netloc:
                        self._want(target.path, 1)
            self.files[name] = content
            return
        if path.startswith(settings.MEDIA_URL):
            try:
                self.files[name] = media_file(unquote(path[len(settings.MEDIA_URL) :])).read_bytes()
            except (Http404, OSError):
                self.targets[(path, page)] = None
            return
        response = self._get(path, page)
        if response.status_code in (301, 302, 307, 308):
            # An old address: the archive holds the page under its current one.
            internal = self._internal(response["Location"], base=path)
            target = self._want(internal[0], internal[1]) if internal else None
            self.targets[(path, page)] = target
            return
        if response.status_code != 200:
            self.targets[(path, page)] = None
            return
        if response["Content-Type"].startswith("text/html"):
            address = path + (f"?pagina={page}" if page > 1 else "")
            body = response.content.decode()
            self.html[name] = (address, body)
            for value in _link_values(body):
                self._resolve(value, address)
        else:
            self.files[name] = response.content

    def _internal(self, url: str, base: str = "/"):
        """(path, page number) of an address on this site, or None for one elsewhere or not archivable."""
        parts = urlsplit(urljoin(base, url))
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and parts.netloc != self.host:
            return None
        query = parse_qsl(parts.query, keep_blank_values=True)
        if not query:
            return parts.path, 1
        names = [name for name, _value in query]
        if names == ["pagina"] and query[0][1].isdigit() and int(query[0][1]) >= 1:
            return parts.path, int(query[0][1])
        if parts.path == reverse("interventions:list") and len(query) == 1 and query[0][0] in FILTER_PAGES:
            try:
                return reverse(FILTER_PAGES[query[0][0]], args=[query[0][1]]), 1
            except Exception:
                return None
        return None

    def _resolve(self, value: str, address: str) -> str | None | bool:
        """The archive file a link of page `address` points to; False for one to leave as it is."""
        url = html.unescape(value).strip()
        if not url or url.startswith(PASS_THROUGH):
            return False
        parts = urlsplit(url)
        # A whole address stays as it is, the live site's own too: the canonical link names the original.
        if parts.scheme or parts.netloc:
            return False
        internal = self._internal(url, base=address)
        if internal is None:
            return None
        return self._want(*internal)

    def _rewrite(self, name: str, address: str, body: str) -> str:
        folder = posixpath.dirname(name)

        def relative(value):
            target = self._resolve(value, address)
            if target is False:
                return value
            if target is None:
                return None
            fragment = urlsplit(html.unescape(value)).fragment
            link = quote(posixpath.relpath(target, folder or "."))
            return html.escape(link + (f"#{fragment}" if fragment else ""))

        def attribute(match):
            space, attr, quote_char, value = match.groups()
            if attr.lower() == "srcset":
                candidates = []
                for candidate in value.split(","):
                    url, _sep, size = candidate.strip().partition(" ")
                    new = relative(url)
                    if new is None:
                        self.dropped.append((address, url))
                        continue
                    candidates.append(f"{new} {size}".strip())
                return f"{space}{attr}={quote_char}{', '.join(candidates)}{quote_char}"
            new = relative(value)
            if new is None:
                # Nothing to point to in the archive: the link stays as text.
                self.dropped.append((address, html.unescape(value)))
                return ""
            return f"{space}{attr}={quote_char}{new}{quote_char}"

        def tag(match):
            text = match.group(0)
            if text[:5].lower() == "<link":
                # A <link> (a feed, an API document) to nothing in the archive goes as a whole: it shows nothing.
                href = re.search(r"""\shref=(["'])(.*?)\1""", text, re.IGNORECASE | re.DOTALL)
                if href and relative(href.group(2)) is None:
                    return ""
            return LINK_ATTRIBUTES.sub(attribute, text)

        return TAG.sub(tag, body)

    def _search_index(self) -> bytes:
        """Every page search finds on the live site, with its title, a short text and its kind."""
        entries = []
        for position, kind in enumerate(engine.KINDS.values()):
            for obj in kind.queryset():
                document = kind.document(obj)
                parts = urlsplit(document.url)
                target = self.targets.get((parts.path, 1))
                if not target:
                    continue
                label = kind.label
                if kind.name == "intervention" and hasattr(obj, "get_kind_display"):
                    label = obj.get_kind_display()
                summary = (document.b or document.c or "").strip().split("\n\n")[0]
                entry = (
                    (position, normalised(document.title)),
                    {
                        "titel": document.title,
                        "tekst": shorten(summary, 240) if summary else "",
                        "adres": target + (f"#{parts.fragment}" if parts.fragment else ""),
                        "soort": str(label),
                        "zoektekst": normalised(" ".join([document.a, document.b, document.c, document.d])),
                    },
                )
                entries.append(entry)
        # Interventions first (search's own order of kinds), each kind by title.
        entries.sort(key=lambda entry: entry[0])
        data = json.dumps([entry for _order, entry in entries], ensure_ascii=False, separators=(",", ":"))
        return (
            "// De zoekindex van deze archiefkopie (manage.py export_static); static/js/archive-search.js leest hem.\n"
            f"window.GKA_ARCHIVE_INDEX = {data};\n"
        ).encode()


def _link_values(body: str):
    for tag in TAG.finditer(body):
        for match in LINK_ATTRIBUTES.finditer(tag.group(0)):
            if match.group(2).lower() == "srcset":
                yield from (candidate.strip().split(" ")[0] for candidate in match.group(4).split(","))
            else:
                yield match.group(4)


def _css_references(css: str):
    for match in CSS_URL.finditer(css):
        ref = (match.group(2) or match.group(4) or "").strip()
        if ref and not ref.startswith(("data:", "#", "http:", "https:", "//")):
            yield ref


def _static_file(name: str) -> bytes | None:
    """A static file as the pages name it: from the collected files when their names are hashed (the manifest
    storage of production), else from the apps' and the project's static folders, as DEBUG serves them."""
    name = unquote(name)
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        if not staticfiles_storage.exists(name):
            return None
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    found = finders.find(name)
    return Path(found).read_bytes() if found else None


@contextmanager
def _quiet_request_log():
    """One log line per rendered page would bury the command's own output."""
    logger = logging.getLogger("gka.request")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)
