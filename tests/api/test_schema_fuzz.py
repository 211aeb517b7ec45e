"""Schemathesis over the OpenAPI document: requests made from the document itself find no server error and
no answer that breaks the document (status, media type, headers, body). Kept short: a few examples per
operation, derandomized, in the WSGI app itself (no network)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from gka_portal.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 15


@pytest.fixture
def connection_kept():
    """The WSGI app closes the database connection after each request, as a server must; inside a test
    that would end the test's transaction (on PostgreSQL), so, as Django's test client does, not here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_generated_requests_find_no_error_and_no_answer_off_the_document(connection_kept):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 20, "every list and item of the API is tried"
    tried = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(headers={"Host": "testserver"})
            tried.append(case.operation.label)

        call()
    assert len(set(tried)) == 20
