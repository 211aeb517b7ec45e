from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from core import ratelimit
from interventions.models import Intervention
from municipalities.models import Municipality

from .forms import ContactRequestForm, ProposalForm
from .models import RETENTION_MONTHS
from .services import contact_request_create, proposal_create

RATE_LIMITED = _(
    "U heeft het afgelopen uur al %(limit)d berichten gestuurd. Probeer het over een uur opnieuw; uw tekst staat "
    "hieronder nog klaar."
)


def _published(slug):
    places = Prefetch("municipalities", queryset=Municipality.objects.select_related("province__region"))
    return get_object_or_404(Intervention.objects.published().prefetch_related(places), slug=slug)


def _handle(request, *, form, scope, save, done):
    """The shared POST flow: rate limit, spam trap, validation; (response or None, rate-limit message)."""
    if ratelimit.exceeded(request, scope):
        return None, RATE_LIMITED % {"limit": ratelimit.LIMIT}
    if form.is_spam():
        # Look successful, so the robot learns nothing; store and send nothing.
        ratelimit.hit(request, scope)
        return redirect(done), ""
    if form.is_valid():
        ratelimit.hit(request, scope)
        save(form.cleaned_data)
        return redirect(done), ""
    return None, ""


@require_http_methods(["GET", "POST"])
def find_each_other(request, slug):
    """ "Vind elkaar": a question about a published intervention for the coordinators of its region."""
    intervention = _published(slug)
    done = reverse("contact:find_each_other_sent", args=[intervention.slug])
    rate_limited = ""
    if request.method == "POST":
        form = ContactRequestForm(request.POST)
        response, rate_limited = _handle(
            request,
            form=form,
            scope="contact",
            save=lambda data: contact_request_create(intervention=intervention, data=data, request=request),
            done=done,
        )
        if response:
            return response
    else:
        form = ContactRequestForm()
    ctx = {
        "intervention": intervention,
        "form": form,
        "rate_limited": rate_limited,
        "retention_months": RETENTION_MONTHS,
        "standalone": True,
    }
    return render(request, "contact/find_each_other.html", ctx, status=429 if rate_limited else 200)


@require_GET
def find_each_other_sent(request, slug):
    return render(request, "contact/find_each_other_sent.html", {"intervention": _published(slug)})


@require_http_methods(["GET", "POST"])
def share(request):
    """ "Deel je aanpak": a practitioner proposes an approach; it becomes a draft for the region."""
    rate_limited = ""
    if request.method == "POST":
        form = ProposalForm(request.POST)
        response, rate_limited = _handle(
            request,
            form=form,
            scope="proposal",
            save=lambda data: proposal_create(data=data, request=request),
            done=reverse("contact:share_sent"),
        )
        if response:
            return response
    else:
        form = ProposalForm()
    ctx = {"form": form, "rate_limited": rate_limited, "retention_months": RETENTION_MONTHS, "standalone": True}
    return render(request, "contact/share.html", ctx, status=429 if rate_limited else 200)


@require_GET
def share_sent(request):
    return render(request, "contact/share_sent.html")
