"""The desk's search page in a real browser: keyboard first, results readable at two widths."""
import pytest

from tests import factories
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [820, 1366])
def test_staff_search_by_keyboard(browser, live_server, width):  # noqa: F811
    factories.editor()
    energy = factories.section("Energy")
    factories.published("Oil platform reopens in Montréal", body="Workers returned to the oil platform after "
                        "the storm, the operator said.", section_obj=energy, agencies=["AFP"], bylines=["Ana Lima"],
                        dateline_place="Montréal")
    factories.published("Gas prices ease", body="Oil and gas traders were calm.", section_obj=energy)
    factories.article("Draft about the oil fields", body="Oil oil oil.")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/admin/articles/article/search/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.press("#id_password", "Enter")
    page.wait_for_url("**/admin/articles/article/search/")
    # The box has the focus: type and press Enter.
    page.keyboard.type("montreal oil")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=montreal+oil&sort=relevance")
    assert page.locator(".nr-hit").count() == 1
    assert page.locator(".nr-hit-headline mark").first.inner_text() in ("Oil", "Montréal")
    # The query stays in the box, selected; Tab (past the button) reaches the first result.
    assert page.evaluate("document.activeElement.id") == "id_q"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "nr-hit-headline"
    # "/" returns to the box from anywhere; typing replaces the query.
    page.keyboard.press("/")
    page.keyboard.type("oil")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=oil&sort=relevance")
    assert page.locator(".nr-hit").count() == 3
    # A facet narrows, and the filter shows in the URL.
    page.click(".nr-search-side a:has-text('Draft')")
    page.wait_for_url("**status=draft**")
    assert page.locator(".nr-hit").count() == 1
    page.goto(live_server.url + "/admin/articles/article/search/?q=oil")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"staff-search-{width}")
    page.close()


def test_reader_search_page(browser, live_server):  # noqa: F811
    factories.published("Tram line opens", body="The new tram line carries its first riders.")
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(live_server.url + "/search/?q=tram")
    assert page.locator(".search-results mark").first.inner_text().lower() == "tram"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "reader-search-390")
    page.close()
