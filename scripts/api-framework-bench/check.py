"""Before timing: the three forms answer the same JSON with the same SQL (exits non-zero otherwise)."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

client = Client()
failures = 0


def fetch(url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


for suffix, expected_queries in [
    ("interventies/", 3),
    ("interventies/?page=2", 3),
    ("interventies/?page=159", 3),
    ("interventies/interventie-7/", 2),
    ("interventies/bestaat-niet/", 1),
    ("interventies/interventie-20/", 1),  # a draft
    ("interventies/?page=999", 1),
]:
    answers = {}
    for form in ("plain", "ninja", "drf"):
        response, sql = fetch(f"/{form}/{suffix}")
        body = json.loads(response.content)
        for key in ("next", "previous"):  # the prefix differs, the rest must not
            if isinstance(body.get(key), str):
                body[key] = body[key].replace(f"/{form}/", "/X/")
        answers[form] = (
            response.status_code,
            response["Content-Type"].split(";")[0],
            response.get("API-Version"),
            body,
            sql,
        )
    plain = answers["plain"]
    for form in ("ninja", "drf"):
        other = answers[form]
        same = plain[:3] == other[:3] and plain[4] == other[4] and len(other[4]) == expected_queries
        # The 404 bodies' wording may differ per library; the list and detail bodies must be identical.
        if plain[0] == 200:
            same = same and plain[3] == other[3]
        if not same:
            failures += 1
            print(f"DIFFERENT {form} {suffix}: {other[:3]} vs {plain[:3]}; {len(other[4])} queries vs {len(plain[4])}")
            if plain[3] != other[3]:
                print("  plain:", json.dumps(plain[3])[:300])
                print(f"  {form}:", json.dumps(other[3])[:300])
            for a, b in zip(plain[4], other[4]):
                if a != b:
                    print("  plain sql:", a)
                    print(f"  {form} sql:", b)
    status, ctype, version, body, sql = plain
    print(f"{suffix:32} {status} {ctype:26} API-Version={version} queries={len(sql)} (all three)")
    if suffix == "interventies/?page=2":
        print("  sample:", json.dumps(body["results"][0], ensure_ascii=False), "count", body["count"])
        print("  next", body["next"], "previous", body["previous"])
        for q in sql:
            print("  SQL:", q[:160])

sys.exit(1 if failures else 0)
