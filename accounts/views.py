from django.contrib.auth import views as auth_views

from core import ratelimit


class PasswordResetView(auth_views.PasswordResetView):
    """Every request mails a reset link to someone's inbox: a few per hour from one address, then 429.

    The slot is reserved before the form is looked at (core.ratelimit), and given back when the form is
    invalid; an address nobody has gets its slot used, like any other, so the answer reveals nothing.
    """

    def post(self, request, *args, **kwargs):
        self.slot = ratelimit.reserve(request, "password_reset")
        if not self.slot.allowed:
            context = self.get_context_data(
                form=self.get_form(), rate_limited=ratelimit.LIMIT, retry_after=self.slot.retry_after_text
            )
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(self.slot.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        self.slot.release()
        return super().form_invalid(form)
