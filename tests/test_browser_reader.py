"""The reader site in headless Chromium: the article page and fronts at phone and desktop width,
checked by axe-core (no serious or critical violation), by keyboard and without JavaScript."""
import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests import factories
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
HOUR = datetime.timedelta(hours=1)
WIDTHS = [360, 1280]


def require_axe():
    if not AXE.exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail("axe-core is required for browser tests (npm ci)")
        pytest.skip("axe-core not installed (npm ci)")


@pytest.fixture
def newsroom(media):
    require_axe()
    world, science = factories.section("World"), factories.section("Science", "science")
    picture = factories.image(content=factories.jpeg_bytes(1800, 1200, color=(52, 96, 140)),
                              caption="Ministers arrive for the signing in Vienna.", credit="Photo: Test Agency")
    lead = factories.published(
        "Ministers agree to share flood-warning data across borders", section_obj=world, lead_image=picture,
        standfirst="Six neighbouring countries will publish river gauge readings in real time.",
        bylines=("Ines Vasquez", "Mei Tanaka"), agencies=("Reuters",), tags=("Climate", "Flooding"),
        dateline_place="Vienna", body="Environment ministers agreed on Monday to share data.\n\n"
        "## What changes\n\nReadings will be published every fifteen minutes.\n\n"
        "> Warnings must reach the next town before the water does.\n\nThe ministers meet again next year.\n\n"
        # A wide wire table: on a phone it scrolls in its own box, not the page.
        "| Gauge | Monday | Tuesday | Wednesday | Thursday | Friday | Saturday | Sunday | Warning level |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| Upper weir at the old mill | 2.10 m | 2.35 m | 2.80 m | 3.05 m | 3.40 m | 3.10 m | 2.90 m | 3.20 m |\n"
        "| Lower weir by the rail bridge | 1.70 m | 1.95 m | 2.20 m | 2.65 m | 2.95 m | 2.75 m | 2.40 m | 2.80 m |")
    factories.correct(lead, "An earlier version said five countries; there are six.")
    for n in range(7):
        factories.published(f"Rivers rise across the region, day {n}", section_obj=(world, science)[n % 2],
                             standfirst="Gauges along the river passed their warning levels overnight.",
                             tags=("Flooding",), at=timezone.now() - (n + 2) * HOUR)
    return lead


def serve_media(page, media_root):
    """live_server serves static files, not uploads: answer /media/ from the test's folder."""
    def handle(route):
        path = media_root / route.request.url.split("/media/", 1)[1]
        route.fulfill(path=str(path)) if path.exists() else route.fulfill(status=404)
    page.route("**/media/**", handle)


def check(page, width, name):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "page scrolls sideways"
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1 and page.locator("header.masthead").count() == 1
    assert page.locator("nav[aria-label=Sections]").count() == 1 and page.locator("footer").count() >= 1
    screenshot(page, f"{name}-{width}")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad


@pytest.mark.parametrize("width", WIDTHS)
def test_article_page(browser, live_server, newsroom, media, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    serve_media(page, media)
    page.goto(live_server.url + newsroom.get_absolute_url())
    assert page.locator("h1").inner_text() == newsroom.headline
    image = page.locator(".lead-image img")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator(".corrections").inner_text().count("six") == 1
    assert page.locator(".related li").count() >= 1
    assert page.locator(".story-body .table-scroll table thead th").first.inner_text() == "Gauge"
    check(page, width, "reader-article")  # the table's box scrolls, the page does not; axe checks the box
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_front_page(browser, live_server, newsroom, media, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    serve_media(page, media)
    page.goto(live_server.url + "/")
    assert newsroom.headline in page.locator(".lead").inner_text()
    check(page, width, "reader-front")
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_section_front(browser, live_server, newsroom, media, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    serve_media(page, media)
    page.goto(live_server.url + "/world/")
    assert page.locator("h1").inner_text() == "World"
    check(page, width, "reader-section")
    page.close()


def test_skip_link_is_the_first_stop_and_visible_on_focus(browser, live_server, newsroom):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(live_server.url + newsroom.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0  # moved into view when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


def test_reading_and_searching_work_without_javascript(browser, live_server, newsroom):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=newsroom.headline).first.click()
    assert page.locator("h1").inner_text() == newsroom.headline
    page.get_by_label("Search stories").fill("flood data")
    page.get_by_label("Search stories").press("Enter")
    page.wait_for_load_state()
    assert page.url == live_server.url + "/search/?q=flood+data"
    context.close()
