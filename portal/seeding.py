"""Loading the portal's content from `fixtures/`.

Fixtures use natural keys, so a row is recognised by its slug (or number, or
intervention and position) rather than its primary key. Rows that already
exist are left as they are unless `overwrite` is asked for: coordinators edit
the seeded entries in the admin, and a routine re-seed must not undo that.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core import serializers
from django.db import transaction
from django.utils import timezone

from interventions import facets
from interventions.models import Intervention
from search import engine

# report.json holds the 2020 report's interventions, so it follows knowledge.json (which holds that publication);
# links.json joins interventions to knowledge, so it comes last.
FIXTURE_FILES = [
    "municipalities.json",
    "taxonomy.json",
    "interventions.json",
    "lessons.json",
    "knowledge.json",
    "report.json",
    "links.json",
]

# Bookkeeping the fixtures do not hold: never compared, and kept when a row is overwritten.
KEPT_FIELDS = {"created_at", "published_at", "checked_at", "last_edited_by"}


@dataclass
class SeedReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)

    def labels(self):
        return sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.kept))


def _differences(instance, m2m_data, stored):
    """Names of the fields whose fixture value differs from the stored row."""
    changed = [
        f.name
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and f.name not in KEPT_FIELDS | {"updated_at"}
        and getattr(instance, f.attname) != getattr(stored, f.attname)
    ]
    for name, pks in m2m_data.items():
        stored_pks = set(getattr(stored, name).values_list("pk", flat=True))
        if {int(pk) for pk in pks} != stored_pks:
            changed.append(name)
    return changed


def portal_seed(*, overwrite: bool = False, dry_run: bool = False, fixture_dir=None) -> SeedReport:
    """Create every fixture row that is missing; with `overwrite`, also reset changed ones.

    Runs in one transaction: a broken fixture writes nothing. With `dry_run`
    the transaction is rolled back after counting.
    """
    fixture_dir = fixture_dir or settings.BASE_DIR / "fixtures"
    report = SeedReport()
    with transaction.atomic():
        for name in FIXTURE_FILES:
            with open(fixture_dir / name, encoding="utf-8") as stream:
                for deserialized in serializers.deserialize("json", stream):
                    instance = deserialized.object
                    label = instance._meta.verbose_name_plural
                    if instance.pk is None:
                        deserialized.save()
                        report.created[label] += 1
                        continue
                    stored = type(instance)._default_manager.get(pk=instance.pk)
                    if not _differences(instance, deserialized.m2m_data, stored):
                        report.unchanged[label] += 1
                    elif overwrite:
                        for kept in KEPT_FIELDS & {f.name for f in instance._meta.concrete_fields}:
                            field = instance._meta.get_field(kept)
                            setattr(instance, field.attname, getattr(stored, field.attname))
                        if hasattr(instance, "updated_at"):
                            instance.updated_at = timezone.now()
                        deserialized.save()
                        report.updated[label] += 1
                    else:
                        report.kept[label] += 1
        # Raw loads skip Intervention.save(): give newly published entries their dates here.
        Intervention.objects.published().filter(published_at=None).update(
            published_at=timezone.now(), checked_at=timezone.now()
        )
        if dry_run:
            transaction.set_rollback(True)
        elif report.created or report.updated:
            # Fixture rows are saved raw, without the signals that index and count them one by one.
            engine.rebuild()
            facets.rebuild()
    return report
