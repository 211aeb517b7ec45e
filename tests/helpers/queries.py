"""The queries pages need, named so a change in a page's budget is a visible decision."""

# Every page's footer lists the source publications (portal/context_processors.py).
FOOTER_QUERIES = ["source publications in the footer"]

# An intervention's page, besides the layout's own queries.
DETAIL_QUERIES = [
    "intervention with source",
    "municipalities with province and region",
    "themes",
    "target groups",
    "people",
    "quotes",
    "quote speakers",
    "reading tips",
    "lesson links with lessons",
    "factor links with their factors",
    "solution direction links with their directions and meetup themes",
    "related interventions",
    "their municipalities with provinces",
    "their themes",
]
