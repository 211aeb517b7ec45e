"""Stable addresses: what the pages, the API and the feeds call when a slug is not (or no longer) current.

`slug_redirect(model, old_slug)` is the one lookup of an old slug; `get_current_or_redirect` wraps it for
views. The signal handlers below keep the history as slugs change and objects are deleted.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from .models import SlugHistory

# What Django's `slug` path converter accepts: anything else cannot be an old slug (and PostgreSQL refuses a
# NUL byte in a query, so hostile input never reaches the database).
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


def _queryset(model_or_queryset):
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def _entry(queryset, slug):
    """The history entry of `slug` for the queryset's model, or None."""
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        return None
    content_type = ContentType.objects.db_manager(queryset.db).get_for_model(queryset.model)
    return SlugHistory.objects.using(queryset.db).filter(content_type=content_type, slug=slug).first()


def slug_redirect(model, old_slug):
    """The object (of a model, or found in a queryset) that had `old_slug` before and has another slug now;
    None when the slug was never used, the object is deleted, or the queryset does not hold it.

    One hop: after a→b→c both `a` and `b` give the object, whose slug is `c`. Call it only after the lookup of
    the current slug failed, so an address that is current costs no extra query."""
    queryset = _queryset(model)
    entry = _entry(queryset, old_slug)
    if entry is None or entry.object_id is None:
        return None
    return queryset.filter(pk=entry.object_id).first()


def slug_gone(model, old_slug):
    """Whether `old_slug` belonged to an object of the model that has been deleted since (answer 410 Gone)."""
    entry = _entry(_queryset(model), old_slug)
    return entry is not None and entry.object_id is None


def get_current_or_redirect(request, queryset, slug):
    """For a view addressed by `slug`: `(object, None)` when the slug is current, else `(None, response)`,
    a permanent redirect to the same view with the new slug, the same other path arguments and the same query
    string. A deleted object's slug answers 410 Gone; a slug never used raises Http404.

    GET and HEAD get 301; other methods 308, which makes the browser repeat the form's POST at the new address.
    """
    queryset = _queryset(queryset)
    try:
        return queryset.get(slug=slug), None
    except queryset.model.DoesNotExist:
        pass
    current = slug_redirect(queryset, slug)
    if current is None:
        if slug_gone(queryset, slug):
            return None, render(request, "slugs/gone.html", status=410)
        raise Http404
    match = request.resolver_match
    url = reverse(match.view_name, kwargs={**match.kwargs, "slug": current.slug}, current_app=match.namespace)
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    response = HttpResponsePermanentRedirect(url)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return None, response


# The history, kept by signals of every StableSlug model (connected in apps.py) and by its queryset's update().


def remember_slug(sender, instance, raw=False, using=None, **kwargs):
    """pre_save: the slug as stored before this save (None for a new object).

    Raw saves count too: reverting to an earlier version in the admin (django-reversion) and `seed_portal
    --overwrite` save raw over a stored row, and the slug they replace must keep redirecting. A raw save of a
    row not stored yet (a fixture's new row) costs no query."""
    instance._slug_before_save = None
    if instance.pk is None:
        return
    instance._slug_before_save = (
        sender._base_manager.using(using).filter(pk=instance.pk).values_list("slug", flat=True).first()
    )


def record_slug_change(sender, instance, created=False, raw=False, using=None, **kwargs):
    """post_save: a changed slug becomes an old address of the object; a slug taken back stops being one."""
    old = getattr(instance, "_slug_before_save", None)
    instance._slug_before_save = None
    slug_changed(model=sender, pk=instance.pk, old=old, new=instance.slug, using=using)


def slug_changed(*, model, pk, old, new, using):
    """Record that object `pk` of `model` went from slug `old` to `new`: the old one becomes an old address of
    the object, and a slug taken back stops being one. Nothing when the slug stayed (or there was none)."""
    if not old or old == new:
        return
    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    history = SlugHistory.objects.using(using).filter(content_type=content_type)
    history.filter(slug=new, object_id=pk).delete()
    history.update_or_create(content_type=content_type, slug=old, defaults={"object_id": pk})


def record_deletion(sender, instance, using=None, **kwargs):
    """post_delete: the object's current and old slugs stay taken, and its addresses answer 410 Gone."""
    content_type = ContentType.objects.db_manager(using).get_for_model(sender)
    history = SlugHistory.objects.using(using).filter(content_type=content_type)
    history.filter(object_id=instance.pk).update(object_id=None)
    if instance.slug:
        history.update_or_create(content_type=content_type, slug=instance.slug, defaults={"object_id": None})
