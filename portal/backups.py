"""Backups of the whole portal in one file, and restoring one exactly, on SQLite or PostgreSQL.

A backup is a gzipped tar archive with three kinds of members:

- `manifest.json`: what the file is (format and version), when it was made, the Django version,
  the database it came from, the migrations applied to it (per app, the last one is the latest),
  the number of rows per model, and the size and SHA-256 of every other member;
- `data.json`: every row of every table (but LEFT_ALONE_APPS and EMPTIED_APPS), primary keys
  included, in Django's serialisation format, with datetimes to the microsecond;
- `media/...`: every regular file under MEDIA_ROOT (the uploaded images). Symbolic links are left out.

The data is serialised by Django, not by pg_dump, so one format serves both databases: a backup
made on SQLite restores on PostgreSQL and the reverse. It also means no client program has to match
the server's major version, and that the backup and the restore run on Django's own connection,
inside its transaction.

Restoring validates the whole file first (a gzipped tar, safe member names, only regular files, a
manifest of this format and version, every checksum, the same applied migrations as this database)
and changes nothing when any of that fails. Then, in one transaction, it empties the backed-up tables
(and the sessions and the task queue, which name rows by id), inserts every row with its primary key (raw, without
signals: the derived data is rebuilt afterwards), checks the counts and the foreign keys, resets the
sequences, rebuilds the search index (and the facets, when that command exists) and swaps the media
folder's content for the backup's. Any failure rolls all of it back.
"""

import gzip
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath
from uuid import UUID

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command, get_commands
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from core import pagecache

FORMAT = "gka-portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media"

# Not in a backup, and left alone by a restore:
# - search: the index is derived from the content and rebuilt after a restore;
# - axes: login attempts and lockouts are security logs with personal data (addresses) and a
#   30-day retention; a restore must neither bring back purged ones nor lift current lockouts.
LEFT_ALONE_APPS = frozenset({"search", "axes"})
# Not in a backup, and emptied by a restore:
# - sessions: a session names a user id, which after a restore may be someone else's, so everyone
#   logs in again;
# - the task queue (taskqueue, or django-tasks-db's tables): its tasks name rows by id, which after a
#   restore may be other rows, and running old ones again could send mail twice.
EMPTIED_APPS = frozenset({"sessions", "taskqueue", "django_tasks_database", "django_tasks_db"})
# The cache table (gka_cache) is no model: it is neither saved nor emptied; every cached page is
# made stale after a restore (core.pagecache.bump), and rate-limit counters simply run out.

# What reading a damaged or cut-off gzipped tar raises.
DAMAGED = (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error)
ARCHIVE_NAME = re.compile(r"^gka-portal-\d{8}-\d{6}\.tar\.gz$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup could not be made, or a file is refused for restoring; the message says why, in Dutch."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    manifest: dict

    @property
    def counts(self):
        return self.manifest["counts"]

    @property
    def media_files(self):
        return sorted(name for name in self.manifest["members"] if name.startswith(MEDIA + "/"))


def backed_up_models():
    """Every table a backup holds: concrete, managed models (many-to-many tables included), in a stable order."""
    models = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        if meta.app_label in LEFT_ALONE_APPS | EMPTIED_APPS:
            continue
        models.append(model)
    return sorted(models, key=lambda model: model._meta.label_lower)


def stored_fields(model):
    """The columns of the model's own table, primary key first (never a generated column)."""
    return [field for field in model._meta.local_concrete_fields if not getattr(field, "generated", False)]


def applied_migrations(alias=DEFAULT_DB_ALIAS):
    """The migrations applied to the database, per app, in the order they were applied."""
    recorder = MigrationRecorder(connections[alias])
    result = {}
    for migration in recorder.migration_qs.order_by("applied", "id"):
        result.setdefault(migration.app, []).append(migration.name)
    return dict(sorted(result.items()))


class _ExactEncoder(json.JSONEncoder):
    """Like DjangoJSONEncoder, but keeps microseconds (Django's cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime | date | time):
            return o.isoformat()
        if isinstance(o, timedelta):
            return duration_iso_string(o)
        if isinstance(o, Decimal | UUID):
            return str(o)
        return super().default(o)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root):
    """Every regular file under MEDIA_ROOT, as (archive name, path); links and restore leftovers are left out."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith(".gka-restore-"))
        for name in sorted(filenames):
            path = Path(directory, name)
            if path.is_symlink() or not path.is_file():
                continue
            found.append((f"{MEDIA}/{path.relative_to(root).as_posix()}", path))
    return found


def _write_data(stream, alias):
    """Every row of every backed-up table, as one JSON list; returns the count per model."""
    counts = {}
    stream.write("[")
    first = True
    for model in backed_up_models():
        fields = [field.name for field in stored_fields(model) if not field.primary_key]
        queryset = model._base_manager.using(alias).order_by("pk")
        counts[model._meta.label_lower] = 0
        for row in serializers.serialize("python", queryset.iterator(chunk_size=2000), fields=fields):
            stream.write("\n" if first else ",\n")
            json.dump(row, stream, cls=_ExactEncoder, ensure_ascii=False)
            first = False
            counts[model._meta.label_lower] += 1
    stream.write("\n]\n")
    return counts


def backup_create(*, output, alias=DEFAULT_DB_ALIAS):
    """Write a backup of the database and the uploads to `output` (made readable by its owner only)."""
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"De map {output.parent} bestaat niet; maak haar eerst aan.")
    connection = connections[alias]
    with tempfile.TemporaryDirectory(prefix="gka-backup-") as work:
        data_path = Path(work, DATA)
        # One snapshot of every table: REPEATABLE READ on PostgreSQL; SQLite's read transaction is one already.
        # Inside a transaction opened before (a caller's, a test's) the level can no longer be set.
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=alias):
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            with open(data_path, "w", encoding="utf-8") as stream:
                counts = _write_data(stream, alias)
            migrations = applied_migrations(alias)
        members = {DATA: {"size": data_path.stat().st_size, "sha256": _sha256(data_path)}}
        media = _media_files(settings.MEDIA_ROOT)
        for name, path in media:
            members[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "excluded_apps": sorted(LEFT_ALONE_APPS | EMPTIED_APPS),
            "members": members,
        }
        manifest_path = Path(work, MANIFEST)
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

        # Written next to its destination and renamed into place: a backup under its name is whole.
        try:
            handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=".gka-portal-backup-", suffix=".tmp")
        except OSError as error:
            raise BackupError(f"De back-up kan niet in {output.parent} worden geschreven ({error}).") from None
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(manifest_path, arcname=MANIFEST, recursive=False, filter=_plain_member)
                archive.add(data_path, arcname=DATA, recursive=False, filter=_plain_member)
                for name, path in media:
                    archive.add(path, arcname=name, recursive=False, filter=_plain_member)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return BackupInfo(path=output, manifest=manifest)


def _plain_member(info):
    """No owner names or ids from this machine in the archive."""
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def backup_prune(*, directory, keep):
    """Delete all but the newest `keep` backups named gka-portal-YYYYmmdd-HHMMSS.tar.gz in `directory`.

    Other files are never touched. Returns the paths deleted.
    """
    if keep < 1:
        raise BackupError("--keep moet minstens 1 zijn: anders zou ook de nieuwe back-up verdwijnen.")
    backups = sorted(path for path in Path(directory).iterdir() if ARCHIVE_NAME.match(path.name) and path.is_file())
    old = backups[:-keep]
    for path in old:
        path.unlink()
    return old


def backup_create_in(*, directory, keep=None, alias=DEFAULT_DB_ALIAS):
    """A backup named after the local time in `directory`; with `keep`, the older ones past that many are deleted."""
    directory = Path(directory)
    name = timezone.localtime().strftime("gka-portal-%Y%m%d-%H%M%S.tar.gz")
    info = backup_create(output=directory / name, alias=alias)
    pruned = backup_prune(directory=directory, keep=keep) if keep is not None else []
    return info, pruned


# Reading a backup.


def _safe_name(name):
    """The member name as a relative path inside the archive, or None when it could point elsewhere."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return None
    parts = PurePosixPath(name).parts
    if not parts or any(part in {"", ".", ".."} for part in parts) or name != "/".join(parts):
        return None
    return name


def _refused(path, reason):
    return BackupError(f"{path} wordt niet teruggezet: {reason} Er is niets veranderd.")


def _read_archive(path, *, data_dir=None, media_dir=None):
    """Read and check every member of the backup at `path`; write data.json and the media when asked.

    Returns the manifest. Nothing outside `data_dir` and `media_dir` is written, whatever the names
    in the archive say: a name is checked before anything of it is read.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Geen back-up gevonden op {path}.")
    manifest = None
    digests = {}
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 (closed by the with below)
    except DAMAGED as error:
        raise _refused(path, f"het is geen back-up van dit portaal (geen tar.gz-archief: {error}).") from None
    try:
        with archive:
            for member in archive:
                name = _safe_name(member.name)
                if name is None:
                    raise _refused(path, f"het archief bevat een onveilig pad ({member.name!r}).")
                if not member.isfile():
                    raise _refused(path, f"het archief bevat iets anders dan een gewoon bestand ({member.name!r}).")
                if name in digests or (name == MANIFEST and manifest is not None):
                    raise _refused(path, f"het archief bevat {name!r} twee keer.")
                if name != MANIFEST and name != DATA and not name.startswith(MEDIA + "/"):
                    raise _refused(path, f"het archief bevat een onbekend bestand ({name!r}).")
                source = archive.extractfile(member)
                if name == MANIFEST:
                    manifest = _parse_manifest(path, source.read(1024 * 1024 + 1))
                    continue
                target = None
                if name == DATA and data_dir is not None:
                    target = Path(data_dir, DATA)
                elif name != DATA and media_dir is not None:
                    target = Path(media_dir, name.removeprefix(MEDIA + "/"))
                digests[name] = _copy_and_hash(source, target)
            # To the end of the gzip stream, whose length and CRC are checked only there.
            while archive.fileobj.read(CHUNK):
                pass
    except BackupError:
        raise
    except DAMAGED as error:
        raise _refused(path, f"het bestand is beschadigd of onvolledig ({error or type(error).__name__}).") from None
    except OSError as error:
        raise _refused(path, f"het archief kon niet worden uitgepakt ({error}).") from None
    if manifest is None:
        raise _refused(path, f"het archief bevat geen {MANIFEST}: het is geen back-up van dit portaal.")
    expected = manifest["members"]
    for name in sorted(set(expected) | set(digests)):
        if name not in digests:
            raise _refused(path, f"{name} ontbreekt in het archief; het bestand is onvolledig.")
        if name not in expected:
            raise _refused(path, f"{name} staat niet in het manifest.")
        size, digest = digests[name]
        if size != expected[name]["size"] or digest != expected[name]["sha256"]:
            raise _refused(path, f"het controlegetal (SHA-256) van {name} klopt niet: het bestand is beschadigd.")
    if DATA not in expected:
        raise _refused(path, f"het archief bevat geen {DATA}.")
    return manifest


def _copy_and_hash(source, target):
    digest = hashlib.sha256()
    size = 0
    out = None
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = open(target, "xb")  # noqa: SIM115 (closed below; x: never over a file written before)
    try:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            if out is not None:
                out.write(block)
    finally:
        if out is not None:
            out.close()
    return size, digest.hexdigest()


def _parse_manifest(path, raw):
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refused(path, f"{MANIFEST} is geen geldige JSON: het is geen back-up van dit portaal.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refused(path, "het is geen back-up van dit portaal (het manifest noemt een ander formaat).")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise _refused(
            path,
            f"de back-up heeft formaatversie {version!r}; deze versie van het portaal leest alleen versie "
            f"{FORMAT_VERSION}.",
        )
    members = manifest.get("members")
    well_formed = (
        isinstance(members, dict)
        and all(
            isinstance(entry, dict) and isinstance(entry.get("size"), int) and isinstance(entry.get("sha256"), str)
            for entry in members.values()
        )
        and isinstance(manifest.get("migrations"), dict)
        and all(isinstance(names, list) for names in manifest["migrations"].values())
        and isinstance(manifest.get("counts"), dict)
    )
    if not well_formed:
        raise _refused(path, f"{MANIFEST} is onvolledig of beschadigd.")
    return manifest


def _check_compatible(path, manifest, alias):
    """The backup must come from a database with exactly the migrations this one has."""
    ours = {(app, name) for app, names in applied_migrations(alias).items() for name in names}
    theirs = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    newer = sorted(theirs - ours)
    if newer:
        listed = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise _refused(
            path,
            f"de back-up is gemaakt met migraties die deze database niet heeft ({listed}). Is hij van een nieuwere "
            "versie van het portaal, herstel hem dan met die versie; anders: voer eerst `migrate` uit.",
        )
    older = sorted(ours - theirs)
    if older:
        listed = ", ".join(f"{app}.{name}" for app, name in older[:5])
        raise _refused(
            path,
            f"de back-up is gemaakt vóór migraties die deze database al heeft ({listed}). Herstel hem met de "
            "versie van het portaal die hem maakte, op een lege database, en migreer daarna naar deze versie.",
        )
    known = {model._meta.label_lower for model in backed_up_models()}
    unknown = sorted(set(manifest["counts"]) - known)
    if unknown:
        raise _refused(path, f"de back-up bevat tabellen die deze versie niet kent ({', '.join(unknown[:5])}).")


def backup_verify(*, path, alias=DEFAULT_DB_ALIAS):
    """Check a backup completely, as a restore would, and change nothing. Raises BackupError when it is refused."""
    manifest = _read_archive(path)
    _check_compatible(path, manifest, alias)
    return BackupInfo(path=Path(path), manifest=manifest)


# Restoring.


def backup_restore(*, path, alias=DEFAULT_DB_ALIAS):
    """Replace the database's content and the uploads with the backup's, exactly; all or nothing."""
    # First a pass that writes nothing at all, so that a refused file leaves not even a folder behind.
    backup_verify(path=path, alias=alias)
    media_root = Path(settings.MEDIA_ROOT)
    # The new media are unpacked inside MEDIA_ROOT, so that the swap is a rename on one file system
    # (MEDIA_ROOT may be a mount point, which cannot be renamed itself).
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=media_root, prefix=".gka-restore-new-"))
    except OSError as error:
        raise _refused(path, f"MEDIA_ROOT ({media_root}) is niet beschrijfbaar ({error}).") from None
    previous = Path(tempfile.mkdtemp(dir=media_root, prefix=".gka-restore-old-"))
    swapped = None
    try:
        with tempfile.TemporaryDirectory(prefix="gka-restore-") as work:
            # Read again, unpacking: the file is checked as it is read this time, too.
            manifest = _read_archive(path, data_dir=work, media_dir=staging)
            _check_compatible(path, manifest, alias)
            with transaction.atomic(using=alias):
                _replace_rows(path, Path(work, DATA), manifest, alias)
                call_command("rebuild_search_index", stdout=_Quiet())
                if "rebuild_facets" in get_commands():
                    call_command("rebuild_facets", stdout=_Quiet())
                swapped = _swap_media(media_root, staging, previous)
                transaction.on_commit(pagecache.bump, using=alias)
    except BaseException as error:
        if swapped is not None:
            _unswap_media(media_root, staging, previous, *swapped)
        if isinstance(error, DatabaseError):
            raise _refused(path, f"de database weigerde de gegevens ({error}).") from error
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)
    pagecache.bump()
    return BackupInfo(path=Path(path), manifest=manifest)


class _Quiet:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def _replace_rows(path, data_path, manifest, alias):
    connection = connections[alias]
    models = backed_up_models()
    emptied = [model._meta.db_table for model in models]
    emptied += [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in EMPTIED_APPS and model._meta.managed and not model._meta.proxy
    ]
    # PostgreSQL cannot TRUNCATE a table with foreign-key checks still pending from earlier writes in
    # this transaction: run them now. Without CASCADE: a table outside the backup that points into it
    # would stop the restore here, rather than be emptied unasked.
    connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), emptied, reset_sequences=True, allow_cascade=False):
            cursor.execute(sql)

    batches = {}
    counts = {}
    try:
        with open(data_path, encoding="utf-8") as stream:
            for deserialized in serializers.deserialize("json", stream, using=alias):
                instance = deserialized.object
                model = type(instance)
                label = model._meta.label_lower
                batch = batches.setdefault(model, [])
                batch.append(instance)
                counts[label] = counts.get(label, 0) + 1
                if len(batch) >= 500:
                    _insert(model, batch, alias)
                    batch.clear()
        for model, batch in batches.items():
            _insert(model, batch, alias)
    except serializers.base.DeserializationError as error:
        raise _refused(path, f"de gegevens in {DATA} passen niet bij deze versie ({error}).") from None
    expected = {label: count for label, count in manifest["counts"].items() if count}
    if counts != expected:
        raise _refused(path, f"{DATA} bevat andere aantallen rijen dan het manifest noemt.")
    # Foreign keys are checked at the end of a transaction; check them now, while a failure can still say why.
    connection.check_constraints()
    # Rows came with their ids: the next new row gets the id after the highest.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _insert(model, batch, alias):
    """Insert rows as they are: raw, so no signal runs and no auto_now field changes its value."""
    if not batch:
        return
    fields = stored_fields(model)
    size = connections[alias].ops.bulk_batch_size(fields, batch) or len(batch)
    for start in range(0, len(batch), size):
        model._base_manager.using(alias)._insert(batch[start : start + size], fields=fields, using=alias, raw=True)


def _swap_media(media_root, staging, previous):
    """Move MEDIA_ROOT's content aside and the backup's in; returns what moved, to undo it."""
    moved_out, moved_in = [], []
    try:
        for entry in sorted(media_root.iterdir()):
            if entry.name.startswith(".gka-restore-"):
                continue
            entry.rename(previous / entry.name)
            moved_out.append(entry.name)
        for entry in sorted(staging.iterdir()):
            entry.rename(media_root / entry.name)
            moved_in.append(entry.name)
    except OSError:
        _unswap_media(media_root, staging, previous, moved_out, moved_in)
        raise
    return moved_out, moved_in


def _unswap_media(media_root, staging, previous, moved_out, moved_in):
    for name in moved_in:
        (media_root / name).rename(staging / name)
    for name in moved_out:
        (previous / name).rename(media_root / name)
