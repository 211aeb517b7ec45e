from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from interventions.models import Intervention
from municipalities.models import Municipality
from slugs.services import get_current_or_redirect

from .forms import ContactRequestForm, ProposalForm
from .models import RETENTION_MONTHS
from .services import contact_request_create, proposal_create

RATE_LIMITED = _(
    "U heeft het afgelopen uur al %(limit)d berichten gestuurd. Probeer het %(when)s opnieuw; uw tekst staat "
    "hieronder nog klaar."
)


def _published(request, slug):
    """The published intervention, or (None, a redirect) from an old slug (slugs.services)."""
    places = Prefetch("municipalities", queryset=Municipality.objects.select_related("province__region"))
    return get_current_or_redirect(request, Intervention.objects.published().prefetch_related(places), slug)


def _form_page(request, *, form_class, scope, save, done, template, ctx=None):
    """A public form. A POST first reserves one of the address's slots for this form (core.ratelimit), then
    passes the spam trap and validation; `save` gets the cleaned data of a valid one, and the visitor goes on to
    `done`. An invalid form gives its slot back; a refused one is shown again, as typed, with 429."""
    rate_limited = ""
    slot = None
    if request.method == "POST":
        form = form_class(request.POST)
        slot = ratelimit.reserve(request, scope)
        if not slot.allowed:
            rate_limited = RATE_LIMITED % {"limit": ratelimit.LIMIT, "when": slot.retry_after_text}
        elif form.is_spam():
            # Look successful, so the robot learns nothing; store and send nothing (the slot stays used).
            return redirect(done)
        elif form.is_valid():
            try:
                save(form.cleaned_data)
            except BaseException:
                slot.release()
                raise
            return redirect(done)
        else:
            slot.release()
    else:
        form = form_class()
    ctx = {
        **(ctx or {}),
        "form": form,
        "rate_limited": rate_limited,
        "retention_months": RETENTION_MONTHS,
        "standalone": True,  # a page of its own, not the form inside the intervention's page
    }
    response = render(request, template, ctx, status=429 if rate_limited else 200)
    if rate_limited:
        response["Retry-After"] = str(slot.retry_after)
    return response


@require_http_methods(["GET", "POST"])
def find_each_other(request, slug):
    """ "Vind elkaar": a question about a published intervention for the coordinators of its region."""
    intervention, moved = _published(request, slug)
    if moved:
        return moved
    return _form_page(
        request,
        form_class=ContactRequestForm,
        scope="contact",
        save=lambda data: contact_request_create(intervention=intervention, data=data, request=request),
        done=reverse("contact:find_each_other_sent", args=[intervention.slug]),
        template="contact/find_each_other.html",
        ctx={"intervention": intervention},
    )


@require_GET
def find_each_other_sent(request, slug):
    intervention, moved = _published(request, slug)
    if moved:
        return moved
    return render(request, "contact/find_each_other_sent.html", {"intervention": intervention})


@require_http_methods(["GET", "POST"])
def share(request):
    """ "Deel je aanpak": a practitioner proposes an approach; it becomes a draft for the region."""
    return _form_page(
        request,
        form_class=ProposalForm,
        scope="proposal",
        save=lambda data: proposal_create(data=data, request=request),
        done=reverse("contact:share_sent"),
        template="contact/share.html",
    )


@require_GET
def share_sent(request):
    return render(request, "contact/share_sent.html")
