"""Schemathesis over the OpenAPI document: requests made from the document itself find no server error and
no answer that breaks the document (status, media type, headers, body). Kept short: a few examples per
operation, derandomized, in the WSGI app itself (no network)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from gka_portal.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = 15


def test_generated_requests_find_no_error_and_no_answer_off_the_document():
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
