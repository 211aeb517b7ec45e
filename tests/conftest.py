import pytest
from django.db import connection

from portal.seeding import portal_seed


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the whole bundle, seeded once per run."""
    with django_db_blocker.unblock():
        portal_seed()


@pytest.fixture(autouse=True)
def _right_backend(request):
    """Tests marked for one backend must never silently run on the other."""
    vendor = connection.vendor
    for marker, wanted in [("postgresql", "postgresql"), ("sqlite", "sqlite")]:
        if request.node.get_closest_marker(marker) and vendor != wanted:
            raise pytest.UsageError(f"{request.node.nodeid} needs {wanted}; deselect it with -m 'not {marker}'")


@pytest.fixture
def visitor(client):
    """Someone browsing the public site, not logged in."""
    return client


def _staff_client(django_user_model, username, role, regions=()):
    """A fresh browser, logged in as a staff member with `role` (and, for a coordinator, their regions)."""
    from django.contrib.auth.models import Group
    from django.test import Client

    from accounts.models import CoordinatorProfile
    from municipalities.models import Region

    user = django_user_model.objects.create_user(username=username, password="not-used-in-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    if regions:
        CoordinatorProfile.objects.create(user=user).regions.set(Region.objects.filter(slug__in=regions))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def coordinator_west(db, django_user_model):
    """The regional coordinator of West-Nederland, where G-Town (Gorinchem) is."""
    return _staff_client(django_user_model, "coordinator-west", "Regiocoördinator", ["west-nederland"])


@pytest.fixture
def coordinator_zuid(db, django_user_model):
    """The regional coordinator of Zuid-Nederland, where Parkstad's transfer project is."""
    return _staff_client(django_user_model, "coordinator-zuid", "Regiocoördinator", ["zuid-nederland"])


@pytest.fixture
def redacteur(db, django_user_model):
    """The national editor: edits and publishes everything, manages no users."""
    return _staff_client(django_user_model, "redacteur", "Redacteur")


@pytest.fixture
def beheerder(db, django_user_model):
    """The administrator: everything, including users and purging."""
    return _staff_client(django_user_model, "beheerder", "Beheerder")


@pytest.fixture
def editor_without_publish_right(db, django_user_model):
    """A staff member of West-Nederland given view, add and change on interventions by hand, without a group."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from accounts.models import CoordinatorProfile
    from municipalities.models import Region

    user = django_user_model.objects.create_user(username="stagiair", password="not-used-in-tests", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="interventions",
            codename__in=["view_intervention", "add_intervention", "change_intervention"],
        )
    )
    CoordinatorProfile.objects.create(user=user).regions.set(Region.objects.filter(slug="west-nederland"))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the live-server (browser) tests last.

    They empty every table when they finish, the seeded bundle and the roles'
    groups included, so every test that relies on those must have run before.
    """

    def empties_the_database(item):
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and marker.kwargs.get("transaction", False)
        fixtures = getattr(item, "fixturenames", ())
        return transactional or "live_server" in fixtures or "transactional_db" in fixtures

    items.sort(key=empties_the_database)
