from django.contrib.auth import forms as auth_forms

from .tasks import send_password_reset_mail


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, but the mail goes through the task queue: the request never waits on the mail server."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        send_password_reset_mail.enqueue(
            user_pk=context["user"].pk,
            templates=[subject_template_name, email_template_name, html_email_template_name],
            domain=context["domain"],
            site_name=context["site_name"],
            protocol=context["protocol"],
            from_email=from_email,
        )
