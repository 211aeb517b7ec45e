"""In Chromium, with the site's policy on: the pages cause no Content-Security-Policy violation, the
enhanced list, the video, the charts and the admin keep working, and injected inline code is refused.

Every page records the `securitypolicyviolation` events of its document (from a script the browser
adds before the page's own, which the policy cannot stop) and the browser's console complaints about
either policy header.
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from interventions.models import Intervention
from tests.helpers.personas import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
EMBED = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push({directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample});
});
"""
POLICY_COMPLAINT = re.compile(r"Content Security Policy|Content-Security-Policy|Permissions-Policy|Permissions Policy")


@pytest.fixture
def watched(page):
    """The page, with its policy violations and the console's complaints about the policies on record."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.complaints = []
    page.on("console", lambda message: POLICY_COMPLAINT.search(message.text) and page.complaints.append(message.text))
    return page


def violations(page):
    return page.evaluate("() => window.cspViolations")


def assert_clean(page, where):
    assert violations(page) == [], where
    assert page.complaints == [], where


def test_the_enhanced_list_filters_with_htmx_without_a_violation(site, watched):
    response = watched.goto(site + "/interventies/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    watched.wait_for_function("() => window.htmx !== undefined")
    watched.get_by_label("Meertaligheid").check()
    expect(watched.get_by_role("heading", name="1 interventie gevonden")).to_be_visible()
    expect(watched).to_have_url(re.compile(r"thema=meertaligheid"))
    # htmx was told not to inject its indicator <style>: there is none, and the rules come from portal.css.
    assert watched.locator("style").count() == 0
    assert_clean(watched, "list after filtering")


def test_a_video_loads_on_the_click_from_an_allowed_player_without_a_violation(site, watched):
    Intervention.objects.filter(slug="g-town").update(video_url=VIDEO)
    # The machines have no internet: the player answers from here.
    watched.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Speler</title><p>Speler</p>"),
    )
    watched.goto(site + "/interventies/g-town/")
    watched.get_by_role("button", name="Video laden van YouTube").click()
    expect(watched.locator("iframe")).to_have_attribute("src", EMBED)
    watched.frame_locator("iframe").get_by_text("Speler").wait_for()
    assert_clean(watched, "detail with the video loaded")


def test_the_figures_page_draws_its_charts_without_a_violation(site, watched):
    watched.goto(site + "/cijfers/")
    bar = watched.locator("svg.bar-chart rect.bar-chart__bar").first
    expect(bar).to_be_visible()
    assert bar.bounding_box()["width"] > 0
    assert_clean(watched, "figures")


def test_the_admin_change_page_and_history_work_without_a_violation(site, watched):
    # A superuser: the live server emptied the tables, the roles' groups included.
    staff = make_staff("beheerder-csp")
    staff.user.is_superuser = True
    staff.user.save()
    cookie = staff.cookies[settings.SESSION_COOKIE_NAME].value
    watched.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    g_town = Intervention.objects.get(slug="g-town")
    watched.goto(f"{site}/{settings.ADMIN_PATH}interventions/intervention/{g_town.pk}/change/")
    expect(watched.locator("#id_title")).to_have_value(g_town.title)
    # The admin's own scripts run: the inlines' "add another" links are made by inlines.js.
    expect(watched.locator(".add-row a").first).to_be_attached()
    watched.goto(f"{site}/{settings.ADMIN_PATH}")
    expect(watched.locator(".dashboard-module").first).to_be_visible()
    assert watched.locator(".dashboard-module").first.evaluate("e => getComputedStyle(e).marginBottom") == "32px"
    watched.goto(f"{site}/{settings.ADMIN_PATH}interventions/intervention/")
    expect(watched.locator("ul.object-tools-counts")).to_have_css("display", "flex")
    assert_clean(watched, "admin")


def test_injected_inline_code_is_refused_and_reported(site, watched):
    watched.goto(site + "/interventies/")
    watched.goto(site + "/interventies/")  # the second time from the page cache: the policy holds there too
    watched.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.injectedRan = true";
          document.head.appendChild(script);
          document.querySelector("h1").setAttribute("style", "color: rgb(255, 0, 0)");
          const frame = document.createElement("iframe");
          frame.src = "https://elders.example/";
          document.body.appendChild(frame);
        }"""
    )
    watched.wait_for_function("() => window.cspViolations.length >= 3")
    assert watched.evaluate("() => window.injectedRan") is None
    assert watched.locator("h1").evaluate("e => getComputedStyle(e).color") != "rgb(255, 0, 0)"
    directives = sorted(violation["directive"] for violation in violations(watched))
    assert directives == ["frame-src", "script-src-elem", "style-src-attr"]
    assert any("script-src" in complaint for complaint in watched.complaints)
