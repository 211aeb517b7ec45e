from django import template

from contact.forms import ContactRequestForm
from contact.models import RETENTION_MONTHS

register = template.Library()


@register.inclusion_tag("contact/_find_each_other_form.html", takes_context=True)
def find_each_other_form(context, intervention):
    """The empty "Vind elkaar" form for an intervention's page (it posts to its own page)."""
    return {
        "intervention": intervention,
        "form": ContactRequestForm(),
        "retention_months": RETENTION_MONTHS,
        "csrf_token": context.get("csrf_token"),
    }
