from django.contrib.auth import views as auth_views

from core import ratelimit


class PasswordResetView(auth_views.PasswordResetView):
    """Every request mails a reset link to someone's inbox: a few per hour from one address, then 429."""

    def post(self, request, *args, **kwargs):
        if ratelimit.exceeded(request, "password_reset"):
            context = self.get_context_data(form=self.get_form(), rate_limited=ratelimit.LIMIT)
            return self.render_to_response(context, status=429)
        ratelimit.hit(request, "password_reset")
        return super().post(request, *args, **kwargs)
