"""The content as the API shows it: plain dicts in the shapes of api/schemas.py, built from prefetched objects
(no query of their own). Empty text becomes null: the field is empty where the source says nothing."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.text import lines


def base_url(request):
    """The site's own address: DJANGO_SITE_URL when set (as the pages' links use it), else the request's."""
    return settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")


def api_url(request, name, *args):
    return base_url(request) + reverse(f"api:{name}", args=args)


def _text(value):
    return value or None


def _choice(value, label):
    return {"code": value, "naam": str(label)} if value else None


def link(request, obj):
    return {"slug": obj.slug, "naam": obj.name, "url": base_url(request) + obj.get_absolute_url()}


def source(publication):
    if publication is None:
        return None
    return {
        "titel": publication.title,
        "uitgever": _text(publication.publisher),
        "jaar": publication.year,
        "url": _text(publication.url),
    }


def _unique(objects):
    return list({obj.pk: obj for obj in objects}.values())


def intervention_summary(request, item):
    """An item of the list: prefetched with `with_summary_data()`."""
    places = list(item.municipalities.all())
    provinces = _unique(place.province for place in places)
    regions = sorted(_unique(province.region for province in provinces), key=lambda region: region.name)
    return {
        "slug": item.slug,
        "url": base_url(request) + item.get_absolute_url(),
        "api_url": api_url(request, "intervention", item.slug),
        "titel": item.title,
        "soort": _choice(item.kind, item.get_kind_display()),
        "status": _choice(item.status, item.get_status_display()),
        "startjaar": item.start_year,
        "gemeenten": [link(request, place) for place in places],
        "provincies": [link(request, province) for province in provinces],
        "regios": [link(request, region) for region in regions],
        "themas": [link(request, theme) for theme in item.themes.all()],
        "doelgroepen": [{"slug": group.slug, "naam": group.name} for group in item.target_groups.all()],
        "bron": source(item.source),
        "gepubliceerd_op": item.published_at,
        "gewijzigd_op": item.updated_at,
    }


def intervention_detail(request, item, illustrations):
    """Everything the page shows: `item` from `with_detail_data().with_knowledge_links()`, and its lesson
    illustrations (with their lessons)."""
    base = base_url(request)
    return {
        **intervention_summary(request, item),
        "context": item.context,
        "aanpak": _text(item.approach),
        "opbrengsten": _text(item.results),
        "deelnemers": item.participant_list,
        "bereik": _text(item.reach),
        "afbeelding": {"url": base + item.image.url, "alt": item.image_alt} if item.image else None,
        "video_url": _text(item.video_url),
        "personen": [
            {
                "naam": person.name,
                "functie": _text(person.role),
                "organisatie": _text(person.organisation),
                "geportretteerd": person.is_portrayed,
            }
            for person in item.people.all()
        ],
        "citaten": [
            {
                "tekst": quote.text,
                "sprekers": [person.name for person in quote.speakers.all()],
                "toeschrijving": _text(quote.attribution),
                "uitgelicht": quote.is_highlighted,
            }
            for quote in item.quotes.all()
        ],
        "leestips": [{"titel": tip.title, "url": _text(tip.url)} for tip in item.reading_tips.all()],
        "lessen": [
            {
                "nummer": illustration.lesson.number,
                "titel": illustration.lesson.title,
                "url": base + illustration.lesson.get_absolute_url(),
                "reden_redactie": illustration.reason,
            }
            for illustration in illustrations
        ],
        "factoren": [
            {
                "nummer": factor_link.factor.number,
                "naam": factor_link.factor.name,
                "niveau": _choice(factor_link.factor.level, factor_link.factor.get_level_display()),
                "url": base + factor_link.factor.get_absolute_url(),
                "reden_redactie": factor_link.reason,
            }
            for factor_link in item.factor_links.all()
        ],
        "oplossingsrichtingen": [
            {
                "code": direction_link.direction.code,
                "titel": direction_link.direction.title,
                "url": base + direction_link.direction.get_absolute_url(),
                "reden_redactie": direction_link.reason,
            }
            for direction_link in item.direction_links.all()
        ],
        "gecontroleerd_op": timezone.localdate(item.checked_at) if item.checked_at else None,
    }


def illustration(request, example):
    """A published intervention that illustrates a lesson or a piece of knowledge, with the editors' reason."""
    item = example.intervention
    return {
        "slug": item.slug,
        "titel": item.title,
        "url": base_url(request) + item.get_absolute_url(),
        "api_url": api_url(request, "intervention", item.slug),
        "reden_redactie": example.reason,
    }


def interventions_of(request, filter_name, slug):
    """The API's list of the published interventions with this filter value."""
    return api_url(request, "interventions") + f"?{filter_name}={slug}"


def theme(request, obj):
    return {
        **link(request, obj),
        "api_url": api_url(request, "theme", obj.slug),
        "beschrijving": _text(obj.description),
        "aantal_interventies": obj.intervention_count,
        "interventies_url": interventions_of(request, "thema", obj.slug),
    }


def region(request, obj):
    return {
        **link(request, obj),
        "api_url": api_url(request, "region", obj.slug),
        "beschrijving": _text(obj.description),
        "provincies": [link(request, province) for province in obj.provinces.all()],
        "aantal_interventies": obj.intervention_count,
        "interventies_url": interventions_of(request, "regio", obj.slug),
    }


def province(request, obj):
    return {
        **link(request, obj),
        "api_url": api_url(request, "province", obj.slug),
        "regio": link(request, obj.region),
        "aantal_interventies": obj.intervention_count,
        "interventies_url": interventions_of(request, "provincie", obj.slug),
    }


def municipality(request, obj):
    return {
        **link(request, obj),
        "api_url": api_url(request, "municipality", obj.slug),
        "officiele_naam": _text(obj.official_name),
        "cbs_code": _text(obj.cbs_code),
        "provincie": link(request, obj.province),
        "regio": link(request, obj.province.region),
        "gka_lid": obj.gka_member,
        "gka_lid_sinds": obj.gka_member_since,
        "breedtegraad": None if obj.latitude is None else float(obj.latitude),
        "lengtegraad": None if obj.longitude is None else float(obj.longitude),
        "aantal_interventies": obj.intervention_count,
        "interventies_url": interventions_of(request, "gemeente", obj.slug),
    }


def lesson(request, obj):
    return {
        "nummer": obj.number,
        "titel": obj.title,
        "tekst": obj.text,
        "url": base_url(request) + obj.get_absolute_url(),
        "api_url": api_url(request, "lesson", obj.number),
        "bron": source(obj.source),
        "interventies": [illustration(request, example) for example in obj.illustrations.all()],
    }


def _knowledge(request, obj, name, *args):
    return {
        "url": base_url(request) + obj.get_absolute_url(),
        "api_url": api_url(request, name, *args),
        "themas": [link(request, theme) for theme in obj.themes.all()],
    }


def insight(request, obj):
    return {
        "nummer": obj.number,
        "titel": obj.title,
        "tekst": obj.text,
        **_knowledge(request, obj, "insight", obj.number),
        "bron": source(obj.source),
    }


def factor(request, obj):
    return {
        "nummer": obj.number,
        "naam": obj.name,
        "omschrijving": obj.definition,
        "niveau": _choice(obj.level, obj.get_level_display()),
        **_knowledge(request, obj, "factor", obj.number),
        "bron": source(obj.source),
        "interventies": [illustration(request, example) for example in obj.examples],
    }


def direction(request, obj):
    return {
        "code": obj.code,
        "titel": obj.title,
        "tekst": obj.text,
        "bronnen": lines(obj.sources),
        "meetup_thema": obj.meetup_theme.title,
        "leidende_vraag": obj.meetup_theme.question,
        **_knowledge(request, obj, "direction", f"{obj.meetup_theme.number}-{obj.number}"),
        "bron": source(obj.meetup_theme.source),
        "interventies": [illustration(request, example) for example in obj.examples],
    }


def topic(request, obj):
    return {
        "slug": obj.slug,
        "nummer": obj.number,
        "titel": obj.title,
        "tekst": obj.text,
        **_knowledge(request, obj, "topic", obj.slug),
        "bron": source(obj.source),
        "vragen": [{"tekst": question.text, "url": _text(question.url)} for question in obj.questions.all()],
        "suggesties": [
            {
                "termijn": _choice(suggestion.term, suggestion.get_term_display()),
                "tekst": suggestion.text,
                "urls": lines(suggestion.urls),
            }
            for suggestion in obj.suggestions.all()
        ],
    }
