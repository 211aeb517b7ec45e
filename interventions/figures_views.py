"""/cijfers/: the figures page and its CSV downloads."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import figures
from .csvfile import csv_response


def figures_page(request):
    """Every chart with its table and CSV link, and the theme x region gap matrix."""
    by_theme = figures.per_theme()
    by_kind = figures.per_kind()
    ctx = {
        "charts": [
            by_theme,
            figures.per_province(),
            figures.per_target_group(),
            by_kind,
            figures.per_status(),
        ],
        "agenda": figures.agenda_themes(),
        "gaps": figures.gap_matrix(figures.theme_pairs(by_theme)),
        # Every intervention has exactly one kind, so this is the number of published interventions.
        "total": sum(bar.count for bar in by_kind.bars),
    }
    return render(request, "figures/index.html", ctx)


def _csv_response(name, header, rows):
    return csv_response(f"gka-cijfers-{name}.csv", header, rows)


def figures_csv(request, name):
    """One chart's numbers as CSV, with Dutch column names; an unknown name is a 404."""
    if name == figures.GAP_NAME:
        gaps = figures.gap_matrix()
        return _csv_response(
            name,
            [_("Thema"), *gaps.regions],
            ([row.theme, *(cell.count for cell in row.cells)] for row in gaps.rows),
        )
    if name not in figures.CHARTS:
        raise Http404(_("Deze cijfers bestaan niet."))
    chart = figures.CHARTS[name]()
    if chart.is_external:
        header = [chart.label_heading, chart.count_heading, _("Toelichting"), _("Bron")]
        rows = ([bar.label, bar.count, "\n".join(bar.notes), bar.source] for bar in chart.bars)
    else:
        header = [chart.label_heading, chart.count_heading]
        rows = ([bar.label, bar.count] for bar in chart.bars)
    return _csv_response(name, header, rows)
