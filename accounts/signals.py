"""Session bookkeeping on login, and ending every session of a deactivated user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save

from .middleware import mark_session_start
from .services import user_sessions_end


def start_session_clock(sender, request, user, **kwargs):
    mark_session_start(request.session)


def end_sessions_of_deactivated_user(sender, instance, raw=False, **kwargs):
    """Delete the stored sessions of a user whose account is being switched off.

    Django already refuses an inactive user on their next request; deleting the
    sessions as well means reactivating the account does not bring an old,
    perhaps stolen, session back to life.
    """
    if raw or instance.pk is None or instance.is_active:
        return
    was_active = sender._default_manager.filter(pk=instance.pk, is_active=True).exists()
    if was_active:
        user_sessions_end(user=instance)


def connect():
    user_logged_in.connect(start_session_clock, dispatch_uid="accounts.start_session_clock")
    pre_save.connect(
        end_sessions_of_deactivated_user,
        sender=get_user_model(),
        dispatch_uid="accounts.end_sessions_of_deactivated_user",
    )
