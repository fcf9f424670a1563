"""The article page in a real browser, at phone and desktop widths."""
import pytest

from tests import factories
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_article_page_reads_at_phone_and_desktop_width(browser, live_server, width):
    story = factories.published("Ferry terminal becomes a library", body="The council voted.\n\n## Next\n\nWork starts soon.",
                                dateline_place="Porto")
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url + story.get_absolute_url())
    assert page.locator("h1").inner_text() == "Ferry terminal becomes a library"
    assert page.locator(".story-body .dateline").inner_text().startswith("PORTO")
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"article-{width}")
    page.close()
