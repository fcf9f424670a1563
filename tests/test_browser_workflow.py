"""The whole editorial path in a real browser: draft, submit, return, fix, approve, schedule, go
live on time, correct, withdraw. Screenshots of the story page at each state go to
tests/screenshots/workflow-*.png."""
import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article, Person, Status
from articles.workflow import transition
from tests import factories
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts(browser):  # noqa: F811
    """Browser windows opened by a test, closed after it (open pages keep polling the server)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def log_in(browser, live_server, username, contexts):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def choose(page, container, text):
    """Pick `text` in one of the admin's autocomplete boxes (select2)."""
    page.click(f"{container} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-container--open .select2-results__option:has-text('{text}')")


def press(page, label):
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state("load")


def badge(page):
    return page.locator(".nr-desk .nr-badge").inner_text()


def public_status(browser, url):  # noqa: F811
    reader = browser.new_context()
    response = reader.new_page().goto(url)
    status, html = response.status, response.text()
    reader.close()
    return status, html


def test_a_story_from_draft_to_withdrawal(browser, live_server, time_machine, contexts):  # noqa: F811
    factories.section("World")
    reza = factories.reporter()
    Person.objects.create(name="Reza Reporter", user=reza)
    factories.editor()

    # The reporter drafts the story and submits it.
    reporter = log_in(browser, live_server, "reporter", contexts)
    reporter.goto(f"{live_server.url}/admin/articles/article/add/")
    reporter.fill("#id_headline", "Harbour city turns its ferry terminal into a library")
    reporter.fill("#id_body", "Councillors voted on Tuesday to convert the terminal.")
    choose(reporter, ".field-section", "World")
    choose(reporter, "#bylines-0", "Reza")
    reporter.click("input[name=_continue]")
    reporter.wait_for_load_state("load")
    assert badge(reporter) == "Draft"
    story = Article.objects.get()
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    screenshot(reporter, "workflow-1-draft")
    press(reporter, "Submit for review")
    assert badge(reporter) == "Waiting for review"
    assert reporter.get_by_role("button", name="Approve").count() == 0
    screenshot(reporter, "workflow-2-submitted-reporter")

    # The editor returns it with a note.
    editor = log_in(browser, live_server, "editor", contexts)
    editor.goto(change)
    assert "Reza Reporter opened this story" in editor.locator(".nr-presence").inner_text()
    screenshot(editor, "workflow-3-submitted-editor")
    editor.fill("#id_return-note", "Needs a second source for the vote count.")
    press(editor, "Return to reporter")
    assert badge(editor) == "Draft"

    # The reporter sees the note, fixes the story and submits again.
    reporter.goto(change)
    assert "Needs a second source for the vote count." in reporter.locator(".nr-note").inner_text()
    screenshot(reporter, "workflow-4-returned-reporter")
    reporter.fill("#id_body", "Councillors voted 31 to 9 on Tuesday to convert the terminal, the council clerk said.")
    reporter.click("input[name=_continue]")
    reporter.wait_for_load_state("load")
    press(reporter, "Submit for review")
    assert badge(reporter) == "Waiting for review"

    # The editor approves and schedules it an hour ahead.
    editor.goto(change)
    press(editor, "Approve")
    assert badge(editor) == "Approved"
    screenshot(editor, "workflow-5-approved")
    go_live = timezone.localtime(timezone.now() + datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    editor.fill("#id_schedule-at", go_live.strftime("%Y-%m-%dT%H:%M"))
    press(editor, "Schedule")
    assert badge(editor) == "Scheduled"
    assert "Scheduled for" in editor.locator(".nr-facts").inner_text()
    screenshot(editor, "workflow-6-scheduled")
    story.refresh_from_db()
    public_url = live_server.url + story.get_absolute_url()
    assert public_status(browser, public_url)[0] == 404

    # Time passes on the server: the story is public, without any job having run.
    time_machine.move_to(go_live + datetime.timedelta(minutes=1), tick=True)
    status, html = public_status(browser, public_url)
    assert status == 200 and "Harbour city turns its ferry terminal into a library" in html
    editor.goto(change)
    assert badge(editor) == "Live"
    screenshot(editor, "workflow-7-live")

    # The editor corrects it, then withdraws it.
    editor.select_option("#id_correct-kind", "correction")
    editor.fill("#id_correct-note", "An earlier version gave the wrong day of the vote.")
    press(editor, "Correct")
    assert "Correction added" in editor.locator(".messagelist").inner_text()
    screenshot(editor, "workflow-8-corrected")
    assert "An earlier version gave the wrong day of the vote." in public_status(browser, public_url)[1]
    editor.fill("#id_withdraw-note", "This story was withdrawn on legal advice.")
    press(editor, "Withdraw")
    assert badge(editor) == "Withdrawn"
    screenshot(editor, "workflow-9-withdrawn")
    status, html = public_status(browser, public_url)
    assert status == 410 and "This story was withdrawn on legal advice." in html and "Councillors" not in html
    assert Article.objects.get().status == Status.WITHDRAWN

    editor.goto(change.replace("/change/", "/history/"))
    screenshot(editor, "workflow-10-history")
    # The list marks every state, scheduled and embargoed stories with their time.
    desk = User.objects.get(username="editor")
    factories.article("A draft on the desk")
    transition(factories.article("A story waiting for review"), "submit", user=desk)
    transition(factories.article("A story scheduled for tonight"), "schedule", user=desk,
               at=timezone.now() + datetime.timedelta(hours=6))
    embargo = timezone.now() + datetime.timedelta(days=1)
    transition(factories.article("An embargoed study", embargo_until=embargo), "schedule", user=desk, at=embargo)
    factories.published("A live story")
    editor.goto(f"{live_server.url}/admin/articles/article/")
    listing = editor.locator("#result_list").inner_text()
    assert "Scheduled for" in listing and "Embargoed until" in listing
    screenshot(editor, "workflow-11-list")


def test_a_late_save_is_refused_and_shows_what_changed(browser, live_server, contexts):  # noqa: F811
    story = factories.article("Two editors, one story", body="The council met on Tuesday.")
    factories.editor()
    factories.editor("olga", "Olga", "Other")
    change = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    edith, olga = log_in(browser, live_server, "editor", contexts), log_in(browser, live_server, "olga", contexts)
    edith.goto(change)
    olga.goto(change)
    assert "Edith Editor opened this story" in olga.locator(".nr-presence").inner_text()
    olga.fill("#id_body", "The council met on Wednesday.")
    olga.click("input[name=_continue]")
    olga.wait_for_load_state("load")
    edith.fill("#id_body", "The council met on Tuesday evening, officials said.")
    edith.click("input[name=_continue]")
    edith.wait_for_load_state("load")
    assert "Changed by Olga Other at" in edith.locator(".errornote, .errorlist").first.inner_text() or \
        "Changed by Olga Other at" in edith.content()
    assert edith.input_value("#id_body") == "The council met on Tuesday evening, officials said."
    assert "<del>Tuesday</del><ins>Wednesday</ins>" in edith.locator(".nr-stale").inner_html()
    screenshot(edith, "workflow-12-late-save-refused")
    assert Article.objects.get(pk=story.pk).body == "The council met on Wednesday."


def test_bulk_withdraw_from_the_list_asks_for_the_notice(browser, live_server, contexts):  # noqa: F811
    factories.editor()
    first, second = factories.published("First live story"), factories.published("Second live story")
    factories.article("A draft that cannot be withdrawn")
    page = log_in(browser, live_server, "editor", contexts)
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", label="Withdraw")
    page.click("button[name=index]")
    page.wait_for_load_state("load")
    page.fill("#id_bulk-note", "Withdrawn while we check the figures.")
    screenshot(page, "workflow-13-bulk-withdraw")
    page.click("input[type=submit][value=Withdraw]")
    page.wait_for_load_state("load")
    messages = page.locator(".messagelist").inner_text()
    assert "Withdraw: done for 2 stories" in messages
    assert "not done for “A draft that cannot be withdrawn”" in messages
    screenshot(page, "workflow-14-bulk-result")
    assert {Article.objects.get(pk=s.pk).status for s in (first, second)} == {Status.WITHDRAWN}


def test_an_editor_reviews_and_applies_a_held_wire_version(browser, live_server, contexts):  # noqa: F811
    from articles.ingest.files import ingest_bytes
    from tests.test_ingest_store import nitf

    factories.editor()
    story = ingest_bytes(nitf(), "v1.xml", status=Status.PUBLISHED).article
    ingest_bytes(nitf(body="Only two lanes opened, the city said.", byline="Li WEI", version="2"), "v2.xml")
    editor = log_in(browser, live_server, "editor", contexts)
    editor.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor.get_by_role("link", name="See what it would change").click()
    editor.wait_for_load_state("load")
    assert "Only two lanes opened" in editor.locator(".nr-changes").inner_text()
    screenshot(editor, "workflow-held-version")
    press(editor, "Apply this version")
    assert "Applied the wire version received" in editor.locator(".messagelist").inner_text()
    status, html = public_status(browser, f"{live_server.url}{story.get_absolute_url()}")
    assert status == 200 and "Only two lanes opened, the city said." in html and "Li Wei" in html
