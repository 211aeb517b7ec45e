"""The people who work in the admin, built one way for every test."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.models import CoordinatorProfile
from municipalities.models import Region

PASSWORD = "not-used-in-tests"


def make_staff(
    username,
    *,
    role=None,
    regions=(),
    permissions=(),
    email="",
    password=PASSWORD,
    active=True,
    logged_in=True,
):
    """A staff member and a browser of their own: the Client, with the member as `client.user`.

    `role` is the name of a role's group (accounts.roles); `regions` are region slugs, which make the member
    a coordinator of those regions; `permissions` ("app_label.codename") are given by hand, outside any
    group. The browser is logged in unless `logged_in` is false: then the member still has to log in.
    """
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True, is_active=active
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    if regions:
        CoordinatorProfile.objects.create(user=user).regions.set(Region.objects.filter(slug__in=regions))
    client = Client()
    if logged_in:
        client.force_login(user)
    client.user = user
    return client
