import pytest
from django.db import connection

from gka_portal.seeding import portal_seed


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
