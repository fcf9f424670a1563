"""Uploading dispatches in a real browser: the button on the list, the form, the per-file results."""
import pytest
from django.contrib.auth.models import User

from articles.models import Article
from tests import factories
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "ingest"


def test_editor_uploads_two_good_files_and_a_bad_one(browser, live_server, tmp_path):  # noqa: F811
    factories.editor()
    bad = tmp_path / "broken.xml"
    bad.write_text("<nitf><body><hl1>Oops</body></nitf>")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/?next=/admin/articles/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    screenshot(page, "upload-button-on-list")
    page.click("text=Upload dispatches")
    page.set_input_files("#id_files", [str(FIXTURES / "reuters_style.txt"), str(FIXTURES / "ap_style.txt"), str(bad)])
    screenshot(page, "upload-form")
    page.click("input[value=Upload]")
    rows = page.locator(".nr-upload-results tbody tr")
    assert rows.count() == 3
    assert "created" in rows.nth(0).inner_text() and "Harbour cranes idle" in rows.nth(0).inner_text()
    assert "refused" in rows.nth(2).inner_text() and "XML: unclosed tag hl1 at line 1" in rows.nth(2).inner_text()
    screenshot(page, "upload-results")
    page.click("text=Open the 2 new drafts")
    assert "2 articles" in page.inner_text("#changelist")
    assert Article.objects.filter(created_by=User.objects.get(username="editor")).count() == 2
    page.close()
