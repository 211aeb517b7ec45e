"""Benchmark of the full-text search on synthetic interventions, in a scratch database."""

import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils.text import slugify

from core import pagecache
from interventions.models import Intervention, Person, Quote, TargetGroup, Theme
from municipalities.models import Municipality
from portal.seeding import portal_seed
from search import engine
from search.text import WORD

# A fixed set: frequent words (many matches to rank) next to rare words, phrases,
# exclusions, OR, a half-typed word and a typo.
QUERIES = [
    "ouders",
    "school",
    "kinderen",
    "samenwerken",
    "kinderen ouders school",
    "ouderconsulent",
    "buurtmoeders",
    "soepele overgang",
    '"gedeelde visie"',
    "ouders -almere",
    "taal OR rekenen",
    "sudwest fryslan",
    "meervoudig perspectief",
    "ouderconsul",
    "ouderconsulnet",
]
# Public pages whose work may grow with the number of interventions (lists, facet counts, figures, map).
PAGES = [
    # The floor: a trivial view through the same middleware, the baseline of this run.
    "/robots.txt",
    "/",
    "/interventies/",
    "/interventies/?sorteer=nieuwste",
    "/interventies/?thema=soepele-overgang&provincie=limburg",
    "/interventies/?soort=interventie",
    "/interventies/?regio=zuid-nederland&doelgroep=ouders&pagina=20",
    "/interventies/?q=ouders",
    "/interventies/?factor=11&soort=interventie",
    "/interventies/synthetisch-500/",
    "/themas/",
    "/themas/soepele-overgang/",
    "/regios/",
    "/regios/zuid-nederland/",
    "/provincies/limburg/",
    "/cijfers/",
    "/cijfers/themas.csv",
    "/cijfers/thema-regio.csv",
    "/kaart/",
    "/zoeken/?q=ouders",
]
# The API's list for each filtered list page above: it may cost at most 1.2 times the page (issue 14).
LIST_PAGES = [path for path in PAGES if path.startswith("/interventies/") and path.count("/") == 2]
API_LISTS = {path: path.replace("/interventies/", "/api/v1/interventies", 1) for path in LIST_PAGES}
PAGES += [*API_LISTS.values(), "/api/v1/interventies/synthetisch-500", "/api/v1/gemeenten", "/api/v1/themas"]
SENTENCE = re.compile(r"(?<=[.!?’'])\s+(?=[A-Z‘'])")


class Command(BaseCommand):
    help = (
        "Generates synthetic interventions from the bundle's sentences in a scratch database and prints "
        "p50/p95/max latency of a fixed set of searches for the database in use. Writes nothing to the real "
        "database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interventions", type=int, default=10_000, help="How many to generate.")
        parser.add_argument("--repeat", type=int, default=20, help="Runs of each query.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for repeatable data.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database, to study plans.")
        parser.add_argument("--pages-only", action="store_true", help="With --pages: skip the search queries.")
        parser.add_argument(
            "--pages",
            action="store_true",
            help="Also publish the synthetic interventions and time the public pages whose work grows with them.",
        )

    def handle(self, *args, interventions, repeat, seed, keep, pages, pages_only, **options):
        vendor = connection.vendor
        scratch = tempfile.mkdtemp() if vendor == "sqlite" else None
        test_settings = connection.settings_dict.setdefault("TEST", {})
        test_settings["NAME"] = (
            str(Path(scratch) / "bench.sqlite3") if scratch else f"{connection.settings_dict['NAME']}_bench"
        )
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            portal_seed()
            started = time.perf_counter()
            self._generate(interventions, random.Random(seed))
            self.stdout.write(
                f"{vendor}: {interventions:,} synthetic interventions generated and indexed "
                f"in {time.perf_counter() - started:.0f} s"
            )
            if not (pages and pages_only):
                self._measure(repeat)
            if pages:
                self._measure_pages(repeat)
        finally:
            if keep:
                self.stdout.write(f"Scratch database kept: {test_settings['NAME']}")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def _generate(self, count, rng):
        """Interventions whose texts are shuffled sentences of the bundle, in batches."""
        stories = list(Intervention.objects.all())
        sentences = [
            s
            for story in stories
            for text in (story.context, story.approach, story.results)
            for s in SENTENCE.split(text.replace("\n\n", " "))
            if len(s) > 20
        ]
        title_words = [w for story in stories for w in WORD.findall(story.title) if len(w) > 3]
        people = list(Person.objects.values_list("name", "role", "organisation"))
        quotes = list(Quote.objects.values_list("text", flat=True))
        places = list(Municipality.objects.all())
        themes = list(Theme.objects.all())
        groups = list(TargetGroup.objects.all())
        source = stories[0].source
        batch = 1000
        for start in range(0, count, batch):
            size = min(batch, count - start)
            new = Intervention.objects.bulk_create(
                Intervention(
                    title=" ".join(rng.sample(title_words, 4)).capitalize(),
                    slug=slugify(f"synthetisch-{start + n}"),
                    context=" ".join(rng.sample(sentences, rng.randint(3, 6))),
                    approach=" ".join(rng.sample(sentences, rng.randint(3, 6))),
                    results=" ".join(rng.sample(sentences, rng.randint(3, 6))),
                    source=source,
                    # Search shows only what is published (the database decides, not the index).
                    publication_status=Intervention.PublicationStatus.PUBLISHED,
                )
                for n in range(size)
            )
            Intervention.municipalities.through.objects.bulk_create(
                Intervention.municipalities.through(intervention=item, municipality=rng.choice(places)) for item in new
            )
            Intervention.themes.through.objects.bulk_create(
                Intervention.themes.through(intervention=item, theme=theme)
                for item in new
                for theme in rng.sample(themes, rng.randint(1, 2))
            )
            Intervention.target_groups.through.objects.bulk_create(
                Intervention.target_groups.through(intervention=item, targetgroup=rng.choice(groups)) for item in new
            )
            Person.objects.bulk_create(
                Person(intervention=item, position=p, name=name, role=role, organisation=organisation)
                for item in new
                for p, (name, role, organisation) in enumerate(rng.sample(people, rng.randint(1, 3)), 1)
            )
            Quote.objects.bulk_create(
                Quote(intervention=item, position=1, text=rng.choice(quotes), is_highlighted=True) for item in new
            )
            ids = [item.pk for item in new]
            engine.index_all("intervention", list(Intervention.objects.with_detail_data().filter(pk__in=ids)))
        if connection.vendor == "postgresql":
            # The steady state autovacuum keeps: statistics current, GIN pending lists merged.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")

    def _measure(self, repeat):
        all_times = []
        self.stdout.write(f"{'query':<26} {'results':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for text in QUERIES:
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                results = engine.Search(text)
                list(results[0:10])
                times.append((time.perf_counter() - started) * 1000)
            all_times += times
            self.stdout.write(
                f"{text:<26} {results.total:>8,} {statistics.median(times):>8.1f} "
                f"{percentile(times, 95):>8.1f} {max(times):>8.1f}"
            )
        self.stdout.write(
            f"{'all queries':<26} {'':>8} {statistics.median(all_times):>8.1f} "
            f"{percentile(all_times, 95):>8.1f} {max(all_times):>8.1f}"
        )

    def _measure_pages(self, repeat):
        started = time.perf_counter()
        # Made in bulk, without signals: a bulk update (InterventionQuerySet.update) recomputes the
        # facet summary, as it would after any bulk change of the publication status.
        Intervention.objects.update(publication_status=Intervention.PublicationStatus.PUBLISHED)
        self.stdout.write(f"facet summary rebuilt in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        client = Client()
        self.stdout.write(f"{'page':<64} {'KB':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        all_times = []
        # The page cache is on, as in production, and emptied before every request: each one renders.
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, PAGE_CACHE_SECONDS=600):
            for path in PAGES:
                times = []
                for _ in range(repeat):
                    pagecache.clear_pages()
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    if response.get("X-Page-Cache", "miss") != "miss":
                        raise RuntimeError(f"{path} came from the page cache")
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                all_times += times
                self.stdout.write(
                    f"{path:<64} {len(response.content) / 1024:>6.0f} {statistics.median(times):>8.1f} "
                    f"{percentile(times, 95):>8.1f} {max(times):>8.1f}"
                )
            self.stdout.write(
                f"{'all pages':<64} {'':>6} {statistics.median(all_times):>8.1f} "
                f"{percentile(all_times, 95):>8.1f} {max(all_times):>8.1f}"
            )
            # Each API list against its page, the two requests alternating, so a busy moment of the machine
            # weighs on both alike.
            title = "API list against the list page, alternating"
            self.stdout.write(f"\n{title:<64} {'page':>8} {'API':>8} {'ratio':>8}")
            ratios = []
            for page, api in API_LISTS.items():
                times = {page: [], api: []}
                for _ in range(repeat):
                    for path in (page, api):
                        pagecache.clear_pages()
                        started = time.perf_counter()
                        client.get(path)
                        times[path].append((time.perf_counter() - started) * 1000)
                page_ms, api_ms = statistics.median(times[page]), statistics.median(times[api])
                ratios.append(api_ms / page_ms)
                self.stdout.write(f"{api:<64} {page_ms:>8.1f} {api_ms:>8.1f} {api_ms / page_ms:>8.2f}")
            self.stdout.write(f"{'largest ratio':<64} {'':>8} {'':>8} {max(ratios):>8.2f}")


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]
