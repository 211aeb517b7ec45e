import pytest
from django.db import connection

from accounts.roles import ADMINISTRATOR, COORDINATOR, EDITOR
from portal.seeding import portal_seed
from tests.helpers.personas import make_staff


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


@pytest.fixture
def coordinator_west(db):
    """The regional coordinator of West-Nederland, where G-Town (Gorinchem) is."""
    return make_staff("coordinator-west", role=COORDINATOR, regions=["west-nederland"])


@pytest.fixture
def coordinator_zuid(db):
    """The regional coordinator of Zuid-Nederland, where Parkstad's transfer project is."""
    return make_staff("coordinator-zuid", role=COORDINATOR, regions=["zuid-nederland"])


@pytest.fixture
def redacteur(db):
    """The national editor: edits and publishes everything, manages no users."""
    return make_staff("redacteur", role=EDITOR)


@pytest.fixture
def beheerder(db):
    """The administrator: everything, including users and purging."""
    return make_staff("beheerder", role=ADMINISTRATOR)


@pytest.fixture
def editor_without_publish_right(db):
    """A staff member of West-Nederland given view, add and change on interventions by hand, without a group."""
    return make_staff(
        "stagiair",
        regions=["west-nederland"],
        permissions=[
            "interventions.view_intervention",
            "interventions.add_intervention",
            "interventions.change_intervention",
        ],
    )


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
