"""The seeded content as the tests name it, and more of it for the checks that a page's cost does not grow."""

from interventions import facets
from interventions.models import Intervention, Person, Quote, ReadingTip, TargetGroup, Theme
from lessons.models import Lesson, LessonIllustration
from municipalities.models import Municipality

# The fifteen stories of the bundle "Land vol kansen", in the bundle's order.
BUNDLE_STORIES = [
    "g-town",
    "social-worker-in-het-primair-onderwijs",
    "de-overstap-van-primair-naar-voortgezet-onderwijs",
    "de-twentse-belofte-interprofessioneel-werken",
    "weekendschool",
    "verbindende-aanpak",
    "wegwijs-in-gedrag",
    "community-aanpak-gelijke-kansen",
    "de-kracht-van-de-moedertaal",
    "inclusief-onderwijs-westerkwartier",
    "samen-van-start-en-startpunt",
    "als-ik-later-groot-ben-en-dare-to-dream-036",
    "ouderconsulent",
    "een-soepele-en-succesvolle-overstap-van-po-naar-vo",
    "het-succes-van-de-wijkaanpak",
]


def add_interventions(count):
    """`count` more interventions, each with places, themes, target groups, people, a quote, tips and a lesson."""
    source = Intervention.objects.first().source
    municipalities = list(Municipality.objects.all())
    themes = list(Theme.objects.all())
    groups = list(TargetGroup.objects.all())
    lesson = Lesson.objects.get(number=4)
    new = Intervention.objects.bulk_create(
        Intervention(
            title=f"Extra interventie {n}",
            slug=f"extra-{n}",
            context="Context.",
            approach="Aanpak.",
            results="Opbrengsten.",
            source=source,
            publication_status=Intervention.PublicationStatus.PUBLISHED,
        )
        for n in range(count)
    )
    Intervention.municipalities.through.objects.bulk_create(
        Intervention.municipalities.through(intervention=item, municipality=municipalities[n % len(municipalities)])
        for n, item in enumerate(new)
    )
    Intervention.themes.through.objects.bulk_create(
        Intervention.themes.through(intervention=item, theme=theme)
        for n, item in enumerate(new)
        for theme in (themes[n % 6], themes[(n + 1) % 6])
    )
    Intervention.target_groups.through.objects.bulk_create(
        Intervention.target_groups.through(intervention=item, targetgroup=groups[n % len(groups)])
        for n, item in enumerate(new)
    )
    Person.objects.bulk_create(Person(intervention=item, position=1, name=f"Persoon {n}") for n, item in enumerate(new))
    Quote.objects.bulk_create(Quote(intervention=item, position=1, text="Citaat.", is_highlighted=True) for item in new)
    ReadingTip.objects.bulk_create(ReadingTip(intervention=item, position=1, title="Leestip") for item in new)
    LessonIllustration.objects.bulk_create(
        LessonIllustration(lesson=lesson, intervention=item, reason="Voorbeeld.") for item in new
    )
    # Bulk writes send no signals: recount, as seed_portal does after its raw loads.
    facets.rebuild()
