"""Server-rendered bar charts: inline SVG, no script, nothing from the internet.

The chart draws in percentages of its width and fixed pixels of height, so it
needs no viewBox: on a phone the bars get shorter but the text keeps its size.
"""

from django import template

register = template.Library()

ROW_HEIGHT = 48  # a label line above a bar
LABEL_BASELINE = 17
BAR_TOP = 24
BAR_HEIGHT = 18
# The longest bar leaves room for its number on a phone.
LONGEST_BAR_PERCENT = 82
# Longer labels are cut in the drawing; the table next to it gives them in full.
MAX_LABEL = 42


def _label(text):
    text = str(text)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


@register.inclusion_tag("figures/bar_chart.html")
def bar_chart(chart):
    """A horizontal bar chart of `chart.charted` (bars with `label` and `count`), titled `chart.title`.

    The SVG is a role="img" with the title and `chart.summary` as its text alternative;
    the page puts the full data table right after it.
    """
    bars = chart.charted
    largest = max((bar.count for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        # A string, so a Dutch locale never writes the decimal point as a comma.
        width = f"{bar.count / largest * LONGEST_BAR_PERCENT:.2f}"
        rows.append(
            {
                "label": _label(bar.label),
                "count": bar.count,
                "label_y": top + LABEL_BASELINE,
                "bar_y": top + BAR_TOP,
                "value_y": top + BAR_TOP + BAR_HEIGHT - 4,
                "width": width,
            }
        )
    return {
        "id": f"grafiek-{chart.name}",
        "title": chart.title,
        "summary": chart.summary,
        "rows": rows,
        "bar_height": BAR_HEIGHT,
        "height": len(bars) * ROW_HEIGHT,
    }
