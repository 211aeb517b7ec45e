"""The page's own address in canonical links and Open Graph: from DJANGO_SITE_URL, never from a crafted Host."""

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(ALLOWED_HOSTS=["kennisbank.example"])
def test_a_host_the_site_does_not_serve_gets_the_dutch_400_page_not_an_error():
    response = Client(HTTP_HOST="evil.example", raise_request_exception=False).get("/interventies/")
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()
    assert "evil.example" not in response.content.decode()


@override_settings(ALLOWED_HOSTS=["kennisbank.example", "127.0.0.1"], SITE_URL="https://kennisbank.example")
def test_with_a_site_url_every_host_gets_the_same_canonical_address():
    for host in ["kennisbank.example", "127.0.0.1"]:
        html = Client(HTTP_HOST=host).get("/interventies/g-town/").content.decode()
        assert '<link rel="canonical" href="https://kennisbank.example/interventies/g-town/">' in html
        assert '<meta property="og:url" content="https://kennisbank.example/interventies/g-town/">' in html


@override_settings(ALLOWED_HOSTS=["kennisbank.example"], SITE_URL="")
def test_without_a_site_url_the_address_is_the_one_asked_for():
    html = Client(HTTP_HOST="kennisbank.example").get("/interventies/").content.decode()
    assert '<link rel="canonical" href="http://kennisbank.example/interventies/">' in html
