"""The answer to a login while its username and address are locked out (django-axes)."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """axes' lockout page with 429, plus Retry-After: a try during the lockout starts it again, so the
    whole cool-off is the wait. The username stays in the page's link to the login form."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    response = render(request, "registration/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
