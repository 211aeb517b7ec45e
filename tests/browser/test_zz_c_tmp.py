import pytest
from interventions.models import Intervention
from tests.browser.test_print_and_video import pdf_pages
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
def test_all(site, page):
    out = []
    for i in Intervention.objects.published():
        page.goto(site + i.get_absolute_url())
        page.emulate_media(media="print")
        out.append((pdf_pages(page.pdf(prefer_css_page_size=True)), i.slug, i.source.slug if i.source else None))
    print(sorted(out, reverse=True))
