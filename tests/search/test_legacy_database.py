"""An operator's database made before the floors (main at d6d7a2b) migrates forward with every row intact.

Until then the search index belonged to the project package `gka_portal`. The
snapshots in tests/data/legacy/ are such databases, made by that commit's
`migrate` and `seed_portal`, with a staff account, an edit in the history, a
visitor's question and a cache entry added. Each test restores one, runs
today's `migrate` on it as an operator would, and compares every table.
"""

import gzip
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests" / "data" / "legacy"
# The search index's tables under their old and new names; every other table keeps its name.
RENAMED = {"gka_portal_searchentry": "search_searchentry", "gka_portal_searchword": "search_searchword"}
# Tables later migrations add rows to (the permissions and content types of new models, and the
# roles' grants of them): every old row must stay, new ones may join. Every other table keeps
# exactly its rows, compared on the columns it had (later migrations may add columns).
GROWING = {"auth_permission", "django_content_type", "auth_group_permissions"}
# Searches whose results the adopted index must give as a fresh one does.
QUERIES = ["ouders", "taalontwikkeling peuters", "stagemakelaar", "Fryslân"]


def manage(database_url, *args):
    """Run manage.py as an operator would, against `database_url`; its output."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def search_titles(database_url):
    """{query: the titles it finds, best first}, for each of QUERIES, as the search page would list them."""
    code = (
        "from search import engine\n"
        f"for q in {QUERIES!r}:\n"
        "    print(q, '|', ' / '.join(hit.title for hit in engine.Search(q)[0:20]))\n"
    )
    output = manage(database_url, "shell", "-c", code)
    return dict(line.split(" | ", 1) for line in output.splitlines() if " | " in line)


class Table:
    """A table's column names and rows."""

    def __init__(self, columns, rows):
        self.columns, self.rows = list(columns), [tuple(row) for row in rows]

    def projected(self, columns):
        """The rows as sorted tuples of just these columns, in this order."""
        positions = [self.columns.index(column) for column in columns]
        return sorted((tuple(row[i] for i in positions) for row in self.rows), key=repr)

    def __contains__(self, text):
        return any(text in row for row in self.rows)

    def __len__(self):
        return len(self.rows)


class SQLite:
    def __init__(self, tmp_path):
        self.path = tmp_path / "legacy.sqlite3"
        with gzip.open(SNAPSHOTS / "main-d6d7a2b.sqlite3.gz") as source, open(self.path, "wb") as target:
            shutil.copyfileobj(source, target)
        self.url = f"sqlite:///{self.path}"

    def rows(self):
        """Every row of every ordinary table, by table (FTS5 shadow tables are compared through search)."""
        with sqlite3.connect(self.path) as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                if not name.startswith(("sqlite_", "search_fts"))
            ]
            result = {}
            for table in tables:
                cursor = db.execute(f'SELECT * FROM "{table}"')
                columns = [description[0] for description in cursor.description]
                result[table] = Table(columns, cursor.fetchall())
            return result

    def drop(self):
        self.path.unlink()


class PostgreSQL:
    def __init__(self, tmp_path):
        db = settings.DATABASES["default"]
        self.server = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
        self.name = f"gka_legacy_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        # pg_dump's plain format, minus the psql-only lines (\restrict and \unrestrict).
        dump = gzip.decompress((SNAPSHOTS / "main-d6d7a2b.postgresql.sql.gz").read_bytes()).decode()
        statements = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
        with psycopg.connect(dbname=self.name, autocommit=True, **self.server) as db:
            db.execute(statements)
        password = f":{self.server['password']}" if self.server["password"] else ""
        self.url = f"postgres://{self.server['user']}{password}@{self.server['host']}:{self.server['port']}/{self.name}"

    def rows(self):
        with psycopg.connect(dbname=self.name, **self.server) as db:
            tables = [
                name
                for (name,) in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
                )
            ]
            # The generated tsvector columns are compared through search; every stored column here.
            result = {}
            for table in tables:
                columns = [
                    column
                    for (column,) in db.execute(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_schema = 'public' AND table_name = %s AND is_generated = 'NEVER' "
                        "ORDER BY ordinal_position",
                        [table],
                    )
                ]
                select = ", ".join(f'"{column}"' for column in columns)
                result[table] = Table(columns, db.execute(f'SELECT {select} FROM "{table}"').fetchall())
            return result

    def drop(self):
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def legacy_database(tmp_path):
    database = (PostgreSQL if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else SQLite)(tmp_path)
    yield database
    database.drop()


def _migrate_forward_keeps_every_row(legacy_database):
    before = legacy_database.rows()
    # The seeded index: 25 interventions, 10 lessons, 10 insights, 29 factors, 13 directions, 5 topics.
    assert len(before["gka_portal_searchentry"]) == 92

    manage(legacy_database.url, "migrate", "--noinput")
    after = legacy_database.rows()

    for table, old in before.items():
        if table == "django_migrations":
            continue
        columns = old.columns
        rows = old.projected(columns)
        if table == "django_content_type":
            # The index's two content types now belong to the search app; nothing else changed.
            columns = ["id", "app_label", "model"]
            rows = sorted(
                [(pk, "search" if app == "gka_portal" else app, model) for pk, app, model in old.projected(columns)],
                key=repr,
            )
        new = after[RENAMED.get(table, table)]
        assert set(old.columns) <= set(new.columns), f"{table} lost columns"
        kept = new.projected(columns)
        if table in GROWING:
            missing = set(rows) - set(kept)
            assert not missing, f"{table} lost rows: {sorted(missing, key=repr)[:5]}"
        else:
            assert kept == rows, f"{table} changed"
    assert not set(RENAMED) & set(after)
    # Nothing is left to apply, and nothing to make: the state matches the models.
    manage(legacy_database.url, "migrate", "--check")
    manage(legacy_database.url, "makemigrations", "--check", "--dry-run")
    return before


def test_an_operators_database_from_before_the_floors_migrates_with_every_row(legacy_database):
    before = _migrate_forward_keeps_every_row(legacy_database)
    tables = set(before)
    # What an operator added keeps its place: a staff account, its edit in the history, a question.
    assert {"auth_user", "reversion_revision", "contact_contactrequest", "gka_cache"} <= tables
    users = [row for row in before["auth_user"].rows if "legacy-editor" in row]
    assert len(users) == 1
    assert "Legacy snapshot edit" in before["reversion_revision"]
    assert "Een vraag uit de oude database." in before["contact_contactrequest"]


def test_the_taken_over_search_index_finds_what_a_fresh_index_finds(legacy_database):
    _migrate_forward_keeps_every_row(legacy_database)
    adopted = search_titles(legacy_database.url)
    assert set(adopted) == set(QUERIES) and all(adopted.values()), adopted
    # Search keeps working on new and changed entries: the engines' triggers, functions and tables moved along.
    manage(legacy_database.url, "rebuild_search_index")
    assert search_titles(legacy_database.url) == adopted
