"""What search knows about an intervention, and how it stays current."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from gka_portal import search
from municipalities.models import Municipality, Province

from .models import Intervention, Person, Quote, Theme


def intervention_document(intervention):
    quote = intervention.highlighted_quote
    summary, _sep, rest_of_context = intervention.context.strip().partition("\n\n")
    people = [
        " ".join(filter(None, [person.name, person.role, person.organisation])) for person in intervention.people.all()
    ]
    places = [f"{m.name} {m.official_name} {m.province.name}" for m in intervention.municipalities.all()]
    return search.Document(
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


KIND = search.Kind(
    name="intervention",
    slug="interventie",
    label=_("Interventie"),
    label_plural=_("Interventies"),
    model=Intervention,
    document=intervention_document,
    # Only what the public may see is found; unpublishing an entry takes it out of the index.
    queryset=lambda: Intervention.objects.published().with_detail_data(),
)


def _reindex_parent(sender, instance, raw=False, **kwargs):
    if not raw and Intervention.objects.filter(pk=instance.intervention_id).exists():
        search.index(Intervention(pk=instance.intervention_id))


def _reindex_on_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        for pk in pk_set or []:
            search.index(Intervention(pk=pk))
    else:
        search.index(instance)


def _reindex_places_and_themes(sender, instance, raw=False, created=False, **kwargs):
    """A renamed place or theme changes the text of its interventions."""
    if raw or created:
        return
    if isinstance(instance, Province):
        interventions = Intervention.objects.filter(municipalities__province=instance).distinct()
    else:
        interventions = instance.interventions.all()
    for intervention in interventions:
        search.index(intervention)


def connect():
    search.register(KIND)
    for part in (Person, Quote):
        post_save.connect(_reindex_parent, sender=part, dispatch_uid=f"search_{part.__name__}_save")
        post_delete.connect(_reindex_parent, sender=part, dispatch_uid=f"search_{part.__name__}_delete")
    for through in (Intervention.municipalities.through, Intervention.themes.through):
        m2m_changed.connect(_reindex_on_m2m, sender=through, dispatch_uid=f"search_{through.__name__}")
    for model in (Municipality, Province, Theme):
        post_save.connect(_reindex_places_and_themes, sender=model, dispatch_uid=f"search_{model.__name__}_rename")
