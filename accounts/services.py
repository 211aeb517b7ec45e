"""Writes on accounts: new coordinators, authenticator devices, ended sessions."""

from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from municipalities.models import Region

from .models import CoordinatorProfile
from .roles import COORDINATOR

TOTP_DEVICE_NAME = "Authenticator-app"


@dataclass
class NewCoordinator:
    user: object
    regions: list
    # Path of the one-time link that lets the coordinator choose a password.
    password_set_path: str
    totp_device: TOTPDevice | None = None


def password_set_path(user) -> str:
    """The password-reset confirm path for `user`; it works once, for PASSWORD_RESET_TIMEOUT."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "password_reset_confirm", kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(user)}
    )


def coordinator_create(
    *, username: str, email: str = "", regions: list[str], totp: bool = False, dry_run: bool = False
) -> NewCoordinator:
    """Create a staff account in the Regiocoördinator group for the regions with these slugs.

    The account has no usable password: the coordinator picks one through the
    returned one-time link. With `totp` it also gets a confirmed TOTP device,
    for DJANGO_REQUIRE_2FA. With `dry_run` everything is checked and written
    inside a transaction that is rolled back. Raises ValidationError, in Dutch,
    for an unknown region, a taken username or e-mail address, or a bad value.
    """
    User = get_user_model()
    username = username.strip()
    email = email.strip()
    errors = []

    try:
        User._meta.get_field(User.USERNAME_FIELD).run_validators(username)
    except ValidationError as error:
        errors.extend(error.messages)
    if not username:
        errors.append("Geef een gebruikersnaam op.")
    elif taken := User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).first():
        errors.append(f"Er bestaat al een account met de gebruikersnaam '{taken.get_username()}'.")

    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"'{email}' is geen geldig e-mailadres.")
        else:
            # The password-reset form mails every account with the address; keep it one person's.
            if taken := User._default_manager.filter(email__iexact=email).first():
                errors.append(f"Er bestaat al een account met het e-mailadres '{taken.email}'.")

    wanted = list(dict.fromkeys(slug.strip() for slug in regions if slug.strip()))
    found = {region.slug: region for region in Region.objects.filter(slug__in=wanted)}
    unknown = [slug for slug in wanted if slug not in found]
    if not wanted:
        errors.append("Geef minstens één regio op.")
    if unknown:
        valid = ", ".join(Region.objects.order_by("slug").values_list("slug", flat=True))
        errors.append(f"Onbekende regio: {', '.join(unknown)}. Kies uit: {valid}.")

    try:
        group = Group.objects.get(name=COORDINATOR)
    except Group.DoesNotExist:
        errors.append(f"De groep '{COORDINATOR}' bestaat niet; draai eerst `python manage.py migrate`.")

    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_staff=True)
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        chosen = [found[slug] for slug in wanted]
        profile, _ = CoordinatorProfile.objects.get_or_create(user=user)
        profile.regions.set(chosen)
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True) if totp else None
        created = NewCoordinator(
            user=user, regions=chosen, password_set_path=password_set_path(user), totp_device=device
        )
        if dry_run:
            transaction.set_rollback(True)
    return created


def user_sessions_end(*, user) -> int:
    """End every stored session of `user`; returns how many there were.

    Only database-backed session engines can be searched by user; with the
    others, Django's refusal of inactive users is what logs them out.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    user_id = str(user.pk)
    ended = 0
    for session in store_class.get_model_class().objects.filter(expire_date__gt=timezone.now()):
        if store_class().decode(session.session_data).get(SESSION_KEY) == user_id:
            store_class(session.session_key).delete()
            ended += 1
    return ended


def totp_device_add(*, username: str, replace: bool = False, dry_run: bool = False) -> TOTPDevice:
    """Give the staff account `username` a confirmed TOTP device (the first superuser on a server, a lost
    phone). Refuses an unknown or non-staff account, and one that has a device already unless `replace`,
    which removes its devices first. With `dry_run` nothing is stored. Raises ValidationError in Dutch."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_staff:
        raise ValidationError(f"Er is geen medewerkersaccount '{username}'.")
    existing = TOTPDevice.objects.devices_for_user(user, confirmed=None)
    if existing.exists() and not replace:
        raise ValidationError(
            f"'{username}' heeft al een authenticator-app. Gebruik --replace om die te vervangen "
            "(de oude codes werken daarna niet meer)."
        )
    with transaction.atomic():
        existing.delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
        if dry_run:
            transaction.set_rollback(True)
    return device
