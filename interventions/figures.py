"""The figures of /cijfers/: counts of published interventions, and the agenda themes of the 2020 report.

Each chart reads the facet summary (interventions.facets), which counts only
published interventions, in one or two small queries; none aggregates the
interventions themselves. An intervention with several themes, places or target
groups counts once in each, so the bars of one chart may add up to more than the
number of interventions.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from municipalities.models import Province, Region

from . import facets
from .models import Intervention, TargetGroup, Theme

PUBLISHED = Intervention.PublicationStatus.PUBLISHED
# What the status chart calls an intervention whose source names no status.
UNKNOWN_STATUS = _("Onbekend")


@dataclass(frozen=True)
class Bar:
    """One row of a chart: a label and its count (None: the source names no number)."""

    label: str
    count: int | None
    # The intervention list filtered to this row ("thema=..."), or "" where no filter exists.
    query: str = ""
    notes: tuple[str, ...] = ()
    # The slug of what the row counts, where it has one.
    key: str = ""
    # The title of the publication the number comes from, for numbers this portal does not count itself.
    source: str = ""


@dataclass
class Chart:
    """A bar chart with its data table and CSV download, named by its CSV address."""

    name: str
    title: str
    label_heading: str
    bars: list[Bar]
    count_heading: str = _("Aantal gepubliceerde interventies")
    note: str = ""
    # True for numbers taken from a source publication rather than counted in this portal.
    is_external: bool = False
    # The publications those numbers come from.
    sources: list = field(default_factory=list)

    @property
    def charted(self):
        """The bars with a number; rows without one appear only in the table."""
        return [bar for bar in self.bars if bar.count is not None]

    @property
    def max_count(self):
        return max((bar.count for bar in self.charted), default=0)

    @property
    def summary(self):
        """One sentence for the chart's text alternative: what it shows and where the peak is."""
        top = [bar.label for bar in self.charted if bar.count == self.max_count]
        if not top or not self.max_count:
            return _("%(title)s: nog geen aantallen. De tabel bij deze grafiek geeft alle rijen.") % {
                "title": self.title
            }
        names = top[0] if len(top) == 1 else ", ".join(top[:-1]) + _(" en ") + top[-1]
        return ngettext(
            "%(title)s, als staafdiagram. Het hoogste aantal: %(names)s, met %(count)s. "
            "De tabel bij deze grafiek geeft alle aantallen.",
            "%(title)s, als staafdiagram. Het hoogste aantal: %(names)s, elk %(count)s. "
            "De tabel bij deze grafiek geeft alle aantallen.",
            len(top),
        ) % {"title": self.title, "names": names, "count": self.max_count}


def _per_linked(model, facet, order):
    """(slug, name, n) for every object of `model`: n the published interventions with it as a value of
    `facet`, each counted once however many ways lead to it. One query."""
    return facets.with_count(model.objects.order_by(*order), facet).values_list("slug", "name", "intervention_count")


def _linked_bars(rows, filter_name):
    """A bar per (slug, name, n), linking to the list filtered on the slug."""
    return [Bar(name, n, urlencode({filter_name: slug}), key=slug) for slug, name, n in rows]


def per_theme():
    """Published interventions per theme, in the site's theme order: one query."""
    return Chart(
        name="themas",
        title=_("Interventies per thema"),
        label_heading=_("Thema"),
        bars=_linked_bars(_per_linked(Theme, "thema", ["position", "name"]), "thema"),
        note=_("Een interventie kan bij meer thema's horen; dan telt ze bij elk van die thema's mee."),
    )


def per_province():
    """Published interventions per province, each counted once however many of its places lie there."""
    return Chart(
        name="provincies",
        title=_("Interventies per provincie"),
        label_heading=_("Provincie"),
        bars=_linked_bars(_per_linked(Province, "provincie", ["name"]), "provincie"),
        note=_(
            "Een interventie kan in meer provincies lopen; dan telt ze bij elk van die provincies mee. "
            "Binnen één provincie telt ze één keer, ook als ze in meer gemeenten loopt."
        ),
    )


def per_target_group():
    return Chart(
        name="doelgroepen",
        title=_("Interventies per doelgroep"),
        label_heading=_("Doelgroep"),
        bars=_linked_bars(_per_linked(TargetGroup, "doelgroep", ["position", "name"]), "doelgroep"),
        note=_("Een interventie kan zich op meer doelgroepen richten; dan telt ze bij elk van die doelgroepen mee."),
    )


def per_kind():
    """Interventions, communities and experiments: every kind, also when none is published."""
    counts = facets.counts("soort")
    return Chart(
        name="soorten",
        title=_("Interventies per soort"),
        label_heading=_("Soort"),
        bars=[
            Bar(label, counts.get(value, 0), urlencode({"soort": value})) for value, label in Intervention.Kind.choices
        ],
        note=_("Elke interventie heeft één soort: samen tellen deze aantallen op tot het totaal."),
    )


def per_status():
    """Pilot, ingebed, afgerond, and "onbekend" for the interventions whose source names no status."""
    counts = facets.counts("status")
    bars = [
        Bar(label, counts.get(value, 0), urlencode({"status": value})) for value, label in Intervention.Status.choices
    ]
    # The list has no filter for an empty status, so this row links nowhere.
    bars.append(Bar(str(UNKNOWN_STATUS), counts.get("", 0)))
    return Chart(
        name="status",
        title=_("Interventies per status"),
        label_heading=_("Status"),
        bars=bars,
        note=_(
            "Elke interventie telt één keer. Onbekend: de bron noemt niet of de interventie een pilot is, "
            "ingebed is of afgerond."
        ),
    )


def agenda_themes():
    """The table "Meest voorkomende thema's en interventies uit de GKA-agenda's" of the 2020 report: one query.

    Knowledge builds on interventions, so its model is looked up by name, never imported.
    """
    rows = list(apps.get_model("knowledge", "AgendaTheme").objects.select_related("source").order_by("position"))
    return Chart(
        name="gka-agendas",
        title=_("Thema's in de GKA-agenda's van gemeenten"),
        label_heading=_("Thema"),
        count_heading=_("Aantal interventies volgens de bron"),
        bars=[
            Bar(row.name, row.intervention_count, notes=tuple(row.note_list), source=row.source.title) for row in rows
        ],
        note=_(
            "Deze aantallen komen uit de agenda's die gemeenten met de Gelijke Kansen Alliantie afspraken, "
            "niet uit deze kennisbank. Een thema waarvoor de bron geen aantal noemt, staat alleen in de tabel."
        ),
        is_external=True,
        # Each row names its source; in practice they share one report.
        sources=list({row.source_id: row.source for row in rows}.values()),
    )


@dataclass(frozen=True)
class GapCell:
    region: str
    count: int
    query: str


@dataclass
class GapRow:
    theme: str
    cells: list[GapCell] = field(default_factory=list)


@dataclass
class GapMatrix:
    regions: list[str]
    rows: list[GapRow]

    @property
    def cell_count(self):
        return sum(len(row.cells) for row in self.rows)

    @property
    def empty_cells(self):
        return sum(1 for row in self.rows for cell in row.cells if not cell.count)


def gap_matrix(themes=None):
    """How many published interventions each theme has in each region: two queries (regions, counts).

    `themes` are (slug, name) pairs; without them the themes are a third query.
    An intervention counts in a region when one of its places lies there, as the list's
    `regio` filter does, so each cell's number is what its link finds.
    """
    if themes is None:
        themes = Theme.objects.order_by("position", "name").values_list("slug", "name")
    regions = list(Region.objects.order_by("name").values_list("slug", "name"))
    counts = facets.counts(facets.THEME_REGION)
    rows = [
        GapRow(
            theme=theme_name,
            cells=[
                GapCell(
                    region=region_name,
                    count=counts.get(f"{theme_slug} {region_slug}", 0),
                    query=urlencode({"thema": theme_slug, "regio": region_slug}),
                )
                for region_slug, region_name in regions
            ],
        )
        for theme_slug, theme_name in themes
    ]
    return GapMatrix(regions=[name for _slug, name in regions], rows=rows)


def theme_pairs(chart):
    """(slug, name) of the themes in the per-theme chart, so the gap matrix needs no theme query."""
    return [(bar.key, bar.label) for bar in chart.bars]


# The charts that have a CSV download, by the name in their address.
CHARTS = {
    "themas": per_theme,
    "provincies": per_province,
    "doelgroepen": per_target_group,
    "soorten": per_kind,
    "status": per_status,
    "gka-agendas": agenda_themes,
}
GAP_NAME = "thema-regio"
