"""Hypothesis strategies for what an attacker, a broken client or a careless copy-paste sends.

Every string that could end up in a page carries MARKER, so that a test can tell an
echo of its own input that was not escaped from the site's own markup.
"""

from urllib.parse import quote

from hypothesis import strategies as st

MARKER = "gkafuzz"

# Strings that have broken web applications before: each family the portal must survive.
INJECTIONS = [
    # SQL
    f"' OR '1'='1' -- {MARKER}",
    f"'; DROP TABLE interventions_intervention; -- {MARKER}",
    f"1) UNION SELECT username, password FROM auth_user -- {MARKER}",
    "1' AND sleep(5)#",
    "%' AND 1=0 UNION SELECT NULL--",
    "\\'; SELECT pg_sleep(1); --",
    # HTML and JavaScript
    f"<script>{MARKER}(1)</script>",
    f'"><script>{MARKER}(1)</script>',
    f"'><img src=x onerror={MARKER}(1)>",
    f'<svg onload="{MARKER}(1)">',
    f"</textarea><script>{MARKER}()</script>",
    f"</title><script>{MARKER}()</script>",
    f"javascript:{MARKER}(1)",
    f'<a href="javascript:{MARKER}()">x</a>',
    f"<!--{MARKER}",
    f"]]><{MARKER}>",
    # Django templates (rendered as text, never as a template)
    f"{{{{ {MARKER}.__class__ }}}}",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "{% load static %}{% static '../../etc/passwd' %}",
    "{{ request.META }}",
    "{# comment",
    "%(name)s %s %d {0} {name}",
    # Paths
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd\x00.html",
    "C:\\Windows\\win.ini",
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "//evil.example/",
    # Full-text syntax: FTS5 (SQLite) and tsquery (PostgreSQL)
    "NEAR(",
    "NEAR(ouders school, 2)",
    "NEAR(ouders",
    '"unbalanced',
    'ouders "school',
    '""',
    '" "',
    "*",
    "ouders*",
    "^ouders",
    "a:b",
    "kind:lesson",
    "kind : intervention",
    "{a b c}: ouders",
    "-",
    "--ouders",
    "- -",
    "OR",
    "ouders OR",
    "OR OR OR",
    "AND NOT",
    "NOT ouders",
    "(ouders",
    "ouders)",
    "()",
    "a & b | !c",
    "ouders <-> school",
    "ouders:*",
    "!!ouders",
    "'ouders'",
    "ouders:AB",
    "\\",
    "ouders\\",
    "e'",
    # Numbers and encodings
    "-1",
    "0",
    "9" * 400,
    "1e309",
    "NaN",
    "%00",
    "%",
    "%%",
    "%zz",
    "&amp;&lt;",
    "\ufeff",
    "\u202eevil",
    "\u0000",
    "𝔲𝔫𝔦𝔠𝔬𝔡𝔢 💥 ﷽",
    "Ω≈ç√∫",
    "ǅ ǈ ǋ ß ﬃ İ",
]

control = st.characters(min_codepoint=0, max_codepoint=0x1F)
# Any code point that UTF-8 can carry: lone surrogates cannot be, so they go in raw query strings (below).
any_char = st.characters(blacklist_categories=("Cs",))

short_text = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(any_char, max_size=40),
    st.text(control, min_size=1, max_size=10),
    st.lists(st.sampled_from(INJECTIONS), min_size=2, max_size=4).map(" ".join),
    st.tuples(st.sampled_from(INJECTIONS), st.text(any_char, max_size=10)).map("".join),
)

# About 100 kB: one value past every limit the site sets.
huge_text = st.tuples(short_text.filter(bool), st.sampled_from(["", MARKER])).map(
    lambda parts: ((parts[0] + parts[1] + " ") * (100_000 // (len(parts[0]) + len(parts[1]) + 1) + 1))[:100_000]
)

hostile_text = st.one_of(short_text, short_text, short_text, short_text, huge_text)

# Names other than the ones the site reads: unknown, odd or look-alike parameters.
odd_names = st.one_of(
    st.sampled_from(["Q", "q[]", "q ", "pagina[]", "csrfmiddlewaretoken", "__proto__", "", "\x00", "a" * 300]),
    st.text(any_char, min_size=1, max_size=12),
)


def parameters(names):
    """A list of (name, value) pairs: known names (repeated at will) and odd ones, with hostile values."""
    name = st.one_of(st.sampled_from(sorted(names)), st.sampled_from(sorted(names)), odd_names)
    return st.lists(st.tuples(name, hostile_text), min_size=1, max_size=6)


# Raw query strings: bytes that are not UTF-8 (an encoded surrogate, an overlong sequence), broken escapes.
raw_fragment = st.one_of(
    st.sampled_from(["%ED%A0%80", "%C0%AF", "%FF%FE", "%E2%82", "%", "%G0", "%00", "+", "&&", "==", ";", "%u0041"]),
    st.binary(max_size=12).map(lambda data: quote(data, safe="")),
    st.text(any_char, max_size=8).map(lambda text: quote(text, safe="=&")),
)


def raw_query(names):
    """A query string as a client could send it, byte for byte."""
    pair = st.tuples(st.sampled_from(sorted(names)), st.lists(raw_fragment, max_size=4).map("".join))
    return st.lists(pair, min_size=1, max_size=4).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


def path_segment():
    """What a hand-edited URL puts where a slug or a number belongs."""
    return st.one_of(
        st.sampled_from(["..", ".", "%2e%2e", "0", "-1", "99999999999999999999", "a" * 300, "%00", "%ED%A0%80"]),
        st.text(any_char, min_size=1, max_size=20).map(lambda text: quote(text, safe="")),
        st.sampled_from(INJECTIONS).map(lambda text: quote(text, safe="")),
    )
