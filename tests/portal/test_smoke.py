import pytest

pytestmark = pytest.mark.django_db


def test_visitor_sees_home(visitor):
    response = visitor.get("/")
    assert response.status_code == 200
    assert "Land vol kansen" in response.content.decode()
