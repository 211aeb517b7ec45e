"""What search knows about an intervention: its document, and the parts its text is made of."""

from municipalities.models import Municipality, Province
from search import engine

from .models import Intervention, Person, Quote, Theme


def intervention_document(intervention):
    quote = intervention.highlighted_quote
    summary, _sep, rest_of_context = intervention.context.strip().partition("\n\n")
    people = [
        " ".join(filter(None, [person.name, person.role, person.organisation])) for person in intervention.people.all()
    ]
    places = [f"{m.name} {m.official_name} {m.province.name}" for m in intervention.municipalities.all()]
    return engine.Document(
        title=intervention.title,
        url=intervention.get_absolute_url(),
        a=intervention.title,
        b="\n\n".join(filter(None, [quote.text if quote else "", summary])),
        c="\n\n".join(filter(None, [rest_of_context, intervention.approach, intervention.results, intervention.reach])),
        # Participating schools and organisations: a visitor may look for their own school.
        d="\n".join(
            [*people, *places, *(theme.name for theme in intervention.themes.all()), intervention.participants]
        ),
    )


def _parent(part):
    return [part.intervention_id]


def _interventions_of(place_or_theme):
    return place_or_theme.interventions.values_list("pk", flat=True)


KINDS = [
    engine.Kind(
        name="intervention",
        slug="interventie",
        model=Intervention,
        document=intervention_document,
        # Only what the public may see is found; unpublishing an entry takes it out of the index.
        queryset=lambda: Intervention.objects.published().with_detail_data(),
        depends_on=(
            engine.Dependency(Person, _parent),
            engine.Dependency(Quote, _parent),
            # A renamed place or theme changes the text of its interventions.
            engine.Dependency(Municipality, _interventions_of),
            engine.Dependency(Theme, _interventions_of),
            engine.Dependency(
                Province,
                lambda province: (
                    Intervention.objects.filter(municipalities__province=province)
                    .distinct()
                    .values_list("pk", flat=True)
                ),
            ),
        ),
        m2m=("municipalities", "themes"),
    ),
]
