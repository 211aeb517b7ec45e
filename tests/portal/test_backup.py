"""An operator backs the portal up to one file and restores it exactly; a damaged or foreign file changes nothing."""

import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from PIL import Image

from accounts.roles import COORDINATOR
from contact.models import ContactRequest
from core import pagecache
from interventions.models import Intervention, Theme
from search import engine
from tests.helpers.content import BUNDLE_STORIES
from tests.helpers.personas import make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# What a backup leaves out, spelled here rather than imported, so that a table dropped from
# backups by mistake fails the round trip: sessions and the task queue (both emptied by a
# restore), the search index (rebuilt) and login attempts (axes, left alone).
LEFT_OUT_APPS = {"sessions", "taskqueue", "django_tasks_database", "django_tasks_db", "search", "axes"}
# Derived tables a restore may rebuild (interventions' rebuild_facets) rather than copy: compared
# by content, without their ids.
REBUILT_MODELS = {"interventions.facetentry", "interventions.facetcount"}


def every_row():
    """Every row of every table a backup holds, as Python values, ordered by primary key."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in LEFT_OUT_APPS:
            continue
        rows = list(model._base_manager.order_by("pk").values())
        if meta.label_lower in REBUILT_MODELS:
            rows = sorted(sorted((key, repr(value)) for key, value in row.items() if key != "id") for row in rows)
        tables[meta.label_lower] = rows
    return tables


def media_files(root):
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def image_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def titles(query):
    return [hit.url for hit in engine.Search(query)[0:50]]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder, never into the project."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def content(media_root):
    """The seeded bundle, plus what staff and visitors add: an account with a region, history, a message, a photo."""
    staff = make_staff("coordinator-backup", role=COORDINATOR, regions=["west-nederland"])
    g_town = Intervention.objects.get(slug="g-town")
    with reversion.create_revision():
        reversion.set_user(staff.user)
        reversion.set_comment("Foto toegevoegd")
        g_town.image.save("schoolplein.png", ContentFile(image_bytes()), save=False)
        g_town.image_alt = "Leerlingen op het schoolplein."
        g_town.save()
    ContactRequest.objects.create(
        intervention=g_town,
        name="Sanne de Vries",
        email="sanne@example.org",
        message="Hoe begonnen jullie?",
        consent=True,
    )
    assert reversion.models.Version.objects.get_for_object(g_town).count() == 1
    return staff


@pytest.fixture
def backup(tmp_path, content):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", path, stdout=io.StringIO())
    return path


def restore(path, *args):
    out = io.StringIO()
    call_command("restore", path, *args, stdout=out)
    return out.getvalue()


# The round trip.


def test_a_restore_puts_back_every_row_the_photo_and_the_search_exactly(backup, media_root, content):
    before = every_row()
    photos = media_files(media_root)
    assert photos == {"interventions/schoolplein.png": image_bytes()}
    searches = {query: titles(query) for query in ["G-Town", "weekendschool", "ouders", "moedertaal"]}
    assert all(searches.values())
    highest_theme = max(row["id"] for row in before["interventions.theme"])

    # After the backup, things go wrong: interventions deleted, a title changed, the photo lost, rows added.
    Intervention.objects.filter(slug__in=BUNDLE_STORIES[4:9]).delete()
    g_town = Intervention.objects.get(slug="g-town")
    g_town.title = "Per ongeluk veranderd"
    g_town.save()
    (media_root / "interventions" / "schoolplein.png").unlink()
    (media_root / "interventions" / "ander.png").write_bytes(b"niet in de back-up")
    Theme.objects.create(name="Toegevoegd", slug="toegevoegd")
    assert every_row() != before
    version = pagecache.content_version()

    output = restore(backup, "--noinput")

    assert "Teruggezet." in output
    assert every_row() == before
    assert media_files(media_root) == photos
    assert {query: titles(query) for query in searches} == searches
    # The changed title is gone from the index: its words no longer find G-Town (other entries may hold one).
    assert "/interventies/g-town/" not in titles("Per ongeluk veranderd")
    # Every cached page is stale, on every server.
    assert pagecache.content_version() != version
    # New rows get new ids (PostgreSQL's sequences were reset to the restored rows).
    new = Theme.objects.create(name="Nieuw na herstel", slug="nieuw-na-herstel")
    assert new.pk > highest_theme
    assert Group.objects.create(name="Nieuwe groep").pk > max(row["id"] for row in before["auth.group"])


def test_a_restore_logs_everyone_out_and_empties_the_task_queue(backup, content):
    queued = apps.get_model("taskqueue", "QueuedTask").objects
    queued.create(backend_name="default", task_path="contact.tasks.niet_meer_zinvol")
    assert Session.objects.exists()
    assert content.get(f"/{settings.ADMIN_PATH}").status_code == 200
    restore(backup, "--noinput")
    assert not Session.objects.exists()
    response = content.get(f"/{settings.ADMIN_PATH}")
    assert response.status_code == 302 and "login" in response["Location"]
    assert not queued.exists()


def test_a_restore_leaves_the_lockouts_alone(backup):
    attempts = apps.get_model("axes", "AccessAttempt").objects
    attempts.create(username="aanvaller", ip_address="203.0.113.9", failures_since_start=5, get_data="", post_data="")
    restore(backup, "--noinput")
    assert attempts.filter(username="aanvaller").exists()


def test_the_backup_holds_a_manifest_with_counts_migrations_and_checksums(backup):
    with tarfile.open(backup) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
    assert names == ["manifest.json", "data.json", "media/interventions/schoolplein.png"]
    assert (manifest["format"], manifest["format_version"]) == ("gka-portal-backup", 1)
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["interventions.intervention"] == Intervention.objects.count()
    assert manifest["counts"]["contact.contactrequest"] == 1
    assert {label.split(".")[0] for label in manifest["counts"]}.isdisjoint(LEFT_OUT_APPS)
    assert manifest["excluded_apps"] == sorted(LEFT_OUT_APPS)
    assert manifest["migrations"]["interventions"][0] == "0001_initial"
    assert set(manifest["members"]) == {"data.json", "media/interventions/schoolplein.png"}
    assert all(len(member["sha256"]) == 64 for member in manifest["members"].values())
    text = json.dumps(manifest)
    assert settings.SECRET_KEY not in text
    assert "PASSWORD" not in text.upper() and "127.0.0.1" not in text
    # Password hashes and visitors' messages are in it: only its owner may read it.
    assert backup.stat().st_mode & 0o777 == 0o600


def test_restore_dry_run_checks_the_file_and_changes_nothing(backup):
    Intervention.objects.filter(slug="g-town").delete()
    before = every_row()
    output = restore(backup, "--dry-run")
    assert "Het bestand is in orde." in output and "er is niets veranderd" in output
    assert every_row() == before


# Asking first.


def test_restore_asks_first_and_no_changes_nothing(backup, media_root, monkeypatch):
    Intervention.objects.filter(slug="g-town").delete()
    before = every_row()
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "no")
    output = restore(backup)
    assert "Typ 'yes' om door te gaan" in asked[0]
    assert "Herstel afgebroken; er is niets veranderd." in output
    assert every_row() == before
    assert Session.objects.exists()


def test_restore_asks_first_and_yes_restores(backup, monkeypatch):
    Intervention.objects.filter(slug="g-town").delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert "Teruggezet." in restore(backup)
    assert Intervention.objects.filter(slug="g-town").exists()


# Refused files.


def members(path):
    """The archive's members in order: name -> bytes."""
    with tarfile.open(path) as archive:
        return {member.name: archive.extractfile(member).read() for member in archive}


def write_archive(path, files, *, checksums=True, extra=()):
    """A tar.gz of `files` (name -> bytes); with `checksums`, the manifest's sizes and hashes fit the files."""
    import hashlib

    files = dict(files)
    if checksums and "manifest.json" in files:
        manifest = json.loads(files["manifest.json"])
        manifest["members"] = {
            name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files.items()
            if name != "manifest.json"
        }
        files["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in extra:
            archive.addfile(info)
    return path


def with_manifest(good, out, change):
    files = members(good)
    manifest = json.loads(files["manifest.json"])
    change(manifest)
    files["manifest.json"] = json.dumps(manifest).encode()
    return write_archive(out, files)


def truncated(good, out):
    out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return out


def flipped(good, out):
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x10
    out.write_bytes(bytes(data))
    return out


def altered_data(good, out):
    files = members(good)
    files["data.json"] = files["data.json"].replace(b"G-Town", b"G-Stad")
    return write_archive(out, files, checksums=False)


def other_version(good, out):
    return with_manifest(good, out, lambda manifest: manifest.update(format_version=2))


def other_format(good, out):
    return with_manifest(good, out, lambda manifest: manifest.update(format="iets-anders"))


def random_bytes(good, out):
    out.write_bytes(os.urandom(4096))
    return out


def plain_tar(good, out):
    with tarfile.open(out, "w") as archive:
        archive.add(good, arcname="backup.tar.gz")
    return out


def no_manifest(good, out):
    files = members(good)
    del files["manifest.json"]
    return write_archive(out, files)


def traversal(name):
    def make(good, out):
        return write_archive(out, {**members(good), name: b"overschreven"})

    make.__name__ = f"path {name}"
    return make


def symlink(good, out):
    link = tarfile.TarInfo("media/interventions/wachtwoorden.png")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    return write_archive(out, members(good), extra=[link])


def newer_migrations(good, out):
    return with_manifest(good, out, lambda manifest: manifest["migrations"]["interventions"].append("9999_toekomst"))


def older_migrations(good, out):
    return with_manifest(good, out, lambda manifest: manifest["migrations"]["interventions"].pop())


def broken_link(good, out):
    """Checksums in order, but an intervention points to a publication that is not there."""
    files = members(good)
    rows = json.loads(files["data.json"])
    for row in rows:
        if row["model"] == "interventions.intervention" and row["fields"]["slug"] == "g-town":
            row["fields"]["source"] = 987654
    files["data.json"] = json.dumps(rows).encode()
    return write_archive(out, files)


REFUSED = [
    (truncated, "het bestand is beschadigd of onvolledig"),
    (flipped, "beschadigd"),
    (altered_data, "het controlegetal (SHA-256) van data.json klopt niet: het bestand is beschadigd."),
    (other_version, "de back-up heeft formaatversie 2; deze versie van het portaal leest alleen versie 1."),
    (other_format, "het is geen back-up van dit portaal (het manifest noemt een ander formaat)."),
    (random_bytes, "het is geen back-up van dit portaal (geen tar.gz-archief"),
    (plain_tar, "het is geen back-up van dit portaal (geen tar.gz-archief"),
    (no_manifest, "het archief bevat geen manifest.json: het is geen back-up van dit portaal."),
    (traversal("../../etc/x"), "het archief bevat een onveilig pad ('../../etc/x')."),
    (traversal("media/../../etc/x"), "het archief bevat een onveilig pad ('media/../../etc/x')."),
    (traversal("/etc/x"), "het archief bevat een onveilig pad ('/etc/x')."),
    (symlink, "het archief bevat iets anders dan een gewoon bestand ('media/interventions/wachtwoorden.png')."),
    (
        newer_migrations,
        "de back-up is gemaakt met migraties die deze database niet heeft (interventions.9999_toekomst).",
    ),
    (older_migrations, "de back-up is gemaakt vóór migraties die deze database al heeft (interventions."),
    (broken_link, "de database weigerde de gegevens"),
]


@pytest.mark.parametrize(("make", "message"), REFUSED, ids=[make.__name__ for make, _ in REFUSED])
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(backup, media_root, tmp_path, make, message):
    bad = make(backup, tmp_path / "bad.tar.gz")
    # Something to lose: the state now differs from the backup's.
    Intervention.objects.filter(slug__in=BUNDLE_STORIES[:3]).delete()
    (media_root / "interventions" / "nieuw.png").write_bytes(b"na de back-up")
    before, photos = every_row(), media_files(media_root)

    with pytest.raises(CommandError) as refused:
        restore(bad, "--noinput")

    assert str(refused.value).startswith(f"{bad} wordt niet teruggezet: ")
    assert message in str(refused.value)
    assert str(refused.value).endswith("Er is niets veranderd.")
    assert every_row() == before
    assert media_files(media_root) == photos
    assert sorted(path.name for path in media_root.iterdir()) == ["interventions"]
    assert not (tmp_path / "etc").exists()
    assert Session.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="Geen back-up gevonden op .*bestaat-niet.tar.gz"):
        restore(tmp_path / "bestaat-niet.tar.gz", "--noinput")


def test_a_gzip_that_holds_no_tar_is_refused(tmp_path):
    path = tmp_path / "leeg.tar.gz"
    path.write_bytes(gzip.compress(b"geen tar"))
    with pytest.raises(CommandError, match="wordt niet teruggezet: .*Er is niets veranderd."):
        restore(path, "--noinput")


# Nightly backups in a folder.


def test_backups_in_a_folder_keep_the_newest_and_leave_other_files_alone(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"gka-portal-2026010{day}-033000.tar.gz" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"oud")
    (folder / "notities.txt").write_text("blijft")
    (folder / "gka-portal-handmatig.tar.gz").write_bytes(b"blijft")

    out = io.StringIO()
    call_command("backup", "--output-dir", folder, "--keep", "2", stdout=out)

    new = sorted(folder.glob("gka-portal-2*.tar.gz"))
    assert new[0] == old[2] and len(new) == 2
    assert f"Oude back-up verwijderd: {old[0]}" in out.getvalue()
    assert {path.name for path in folder.iterdir()} == {
        old[2].name,
        new[1].name,
        "notities.txt",
        "gka-portal-handmatig.tar.gz",
    }
    assert "Back-up geschreven: " in out.getvalue()
    assert restore(new[1], "--dry-run")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "/bestaat/niet/b.tar.gz"], "De map /bestaat/niet bestaat niet; maak haar eerst aan."),
        (["--output", "b.tar.gz", "--keep", "3"], "--keep werkt alleen met --output-dir."),
        (["--output-dir", ".", "--keep", "0"], "--keep moet minstens 1 zijn"),
    ],
)
def test_backup_refuses_unclear_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("backup", *args, stdout=io.StringIO())


def test_backup_dry_run_writes_nothing(tmp_path):
    out = io.StringIO()
    call_command("backup", "--output", tmp_path / "b.tar.gz", "--dry-run", stdout=out)
    assert "er is niets geschreven" in out.getvalue()
    assert not any(tmp_path.glob("*.tar.gz"))


# Across databases.


def copied_rows(data):
    """A backup's rows, the rebuilt tables' without their ids."""
    rows = json.loads(data)
    copied = [row for row in rows if row["model"] not in REBUILT_MODELS]
    rebuilt = sorted(json.dumps([row["model"], row["fields"]]) for row in rows if row["model"] in REBUILT_MODELS)
    return copied, rebuilt


@pytest.mark.postgresql
def test_a_backup_made_on_sqlite_restores_exactly_on_postgresql(tmp_path, settings):
    """A laptop's SQLite database, moved to the PostgreSQL server: the same rows and ids, the same file again."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'laptop.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "laptop-media"),
    }
    (tmp_path / "laptop-media" / "interventions").mkdir(parents=True)
    (tmp_path / "laptop-media" / "interventions" / "foto.png").write_bytes(image_bytes())
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_portal"],
        ["backup", "--output", tmp_path / "sqlite.tar.gz"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

    restore(tmp_path / "sqlite.tar.gz", "--noinput")
    call_command("backup", "--output", tmp_path / "postgresql.tar.gz", stdout=io.StringIO())

    sqlite, postgresql = members(tmp_path / "sqlite.tar.gz"), members(tmp_path / "postgresql.tar.gz")
    assert copied_rows(postgresql["data.json"]) == copied_rows(sqlite["data.json"])
    assert postgresql["media/interventions/foto.png"] == image_bytes()
    assert json.loads(sqlite["manifest.json"])["database_vendor"] == "sqlite"
    assert titles("G-Town")
