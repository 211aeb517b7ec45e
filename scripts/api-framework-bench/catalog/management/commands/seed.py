"""2,000 interventions (1,900 published) with 1-3 of 10 themes each; deterministic."""

import random

from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.models import Intervention, Theme

WORDS = [
    "ouders",
    "school",
    "kinderen",
    "samenwerken",
    "taal",
    "rekenen",
    "buurt",
    "wijk",
    "gezondheid",
    "sport",
    "leesbevordering",
    "mentor",
    "coaching",
    "overgang",
    "brugklas",
    "onderwijs",
    "jeugd",
    "gemeente",
    "netwerk",
    "kansen",
    "gelijkheid",
    "zorg",
]


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2000)

    @transaction.atomic
    def handle(self, count, **options):
        rng = random.Random(14)
        Intervention.objects.all().delete()
        Theme.objects.all().delete()
        themes = Theme.objects.bulk_create(
            Theme(name=f"Thema {word}", slug=f"thema-{word}", position=i) for i, word in enumerate(WORDS[:10])
        )
        interventions = Intervention.objects.bulk_create(
            Intervention(
                title=" ".join(rng.choice(WORDS) for _ in range(4)).capitalize() + f" {i}",
                slug=f"interventie-{i}",
                kind=rng.choice(Intervention.Kind.values),
                status=rng.choice(Intervention.Status.values),
                publication_status=(
                    Intervention.Publication.DRAFT if i % 20 == 0 else Intervention.Publication.PUBLISHED
                ),
                context="\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(3)),
            )
            for i in range(count)
        )
        Through = Intervention.themes.through
        Through.objects.bulk_create(
            Through(intervention_id=item.pk, theme_id=theme.pk)
            for item in interventions
            for theme in rng.sample(themes, rng.randint(1, 3))
        )
        self.stdout.write(f"{len(interventions)} interventions, {len(themes)} themes")
