"""The desk's workflow buttons, bulk actions and their refusals, through the admin as people use it."""
import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.models import Article, Correction, Status, Transition
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
LABELS = ["Submit for review", "Return to reporter", "Approve", "Publish now", "Schedule", "Correct", "Withdraw",
          "Reopen"]


def change_url(story):
    return f"/admin/articles/article/{story.pk}/change/"


def buttons_on(client, story):
    html = client.get(change_url(story)).content.decode()
    return [label for label in LABELS if re.search(rf'<button type="submit" class="nr-button[^"]*">{label}</button>', html)]


def press(client, story, action, *, version=None, **fields):
    data = {f"{action}-expected_version": story.version if version is None else version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(f"/admin/articles/article/{story.pk}/workflow/{action}/", data, follow=True)


def messages_of(response):
    """The messages shown on the page the user lands on (which uses them up)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def fresh(story):
    return Article.objects.get(pk=story.pk)


@pytest.fixture
def own_draft(reporter):
    return factories.article("Reporter's draft", created_by=reporter)


# --- which buttons show ----------------------------------------------------------------------
def test_reporter_sees_only_submit_on_their_draft_and_nothing_once_submitted(client, reporter, editor, own_draft):
    client.force_login(reporter)
    assert buttons_on(client, own_draft) == ["Submit for review"]
    transition(own_draft, "submit", user=reporter)
    assert buttons_on(client, own_draft) == []
    html = client.get(change_url(own_draft)).content.decode()
    assert "With the desk: an editor will approve it or return it to you with a note." in html


@pytest.mark.parametrize("steps,expected", [
    ([], ["Submit for review", "Publish now", "Schedule"]),
    (["submit"], ["Return to reporter", "Approve", "Publish now", "Schedule"]),
    (["submit", "approve"], ["Return to reporter", "Publish now", "Schedule"]),
    (["schedule"], ["Publish now", "Schedule", "Reopen"]),
    (["publish"], ["Correct", "Withdraw"]),
    (["publish", "withdraw"], ["Reopen"]),
])
def test_editor_sees_the_buttons_of_each_state(client, editor, steps, expected):
    story = factories.article("Desk story")
    for step in steps:
        story = transition(story, step, user=editor, note="Reason." if step == "withdraw" else "",
                           at=timezone.now() + HOUR if step == "schedule" else None)
    client.force_login(editor)
    assert buttons_on(client, story) == expected
    assert ">Preview</a>" in client.get(change_url(story)).content.decode()


# --- pressing them ---------------------------------------------------------------------------
def test_approve_button_moves_the_story_and_logs_it(client, editor, reporter, own_draft):
    transition(own_draft, "submit", user=reporter)
    story = fresh(own_draft)
    client.force_login(editor)
    response = press(client, story, "approve")
    assert response.redirect_chain == [(change_url(story), 302)]
    assert fresh(story).status == Status.APPROVED
    assert messages_of(response) == ["Approved: publish it now, or schedule it."]
    entry = Transition.objects.filter(article=story).latest("at")
    assert (entry.action, entry.from_status, entry.to_status, entry.user) == ("approve", "submitted", "approved", editor)


def test_schedule_button_then_the_page_says_scheduled_for(client, editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 6, 8, 0, tzinfo=datetime.UTC), tick=False)
    story = factories.article("Scheduled from the desk")
    client.force_login(editor)
    response = press(client, story, "schedule", at="2025-05-06T17:30")
    assert messages_of(response) == ["Scheduled for 6 May 2025, 17:30 UTC: it goes live by itself."]
    page = client.get(change_url(story)).content.decode()
    assert "Scheduled for 6 May 2025, 17:30 UTC" in page and "It goes live by itself at the time below" in page
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Scheduled for 6 May 2025, 17:30 UTC" in listing


def test_scheduling_an_embargoed_story_shows_embargoed_until(client, editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 6, 8, 0, tzinfo=datetime.UTC), tick=False)
    story = factories.article("Embargoed study", embargo_until=datetime.datetime(2025, 5, 7, 0, 1, tzinfo=datetime.UTC))
    client.force_login(editor)
    page = client.get(change_url(story)).content.decode()
    assert 'value="2025-05-07T00:01"' in page  # the schedule box starts at the embargo
    refused = press(client, story, "schedule", at="2025-05-06T12:00")
    assert "Embargoed until 7 May 2025, 00:01 UTC: schedule it for that time or later." in messages_of(refused)[0]
    press(client, story, "schedule", at="2025-05-07T00:01")
    page = client.get(change_url(story)).content.decode()
    assert "Embargoed until 7 May 2025, 00:01 UTC" in page
    assert "Embargoed until 7 May 2025, 00:01 UTC" in client.get("/admin/articles/article/").content.decode()


def test_correct_button_appends_a_typed_public_correction(client, editor):
    story = factories.published("Corrected story")
    client.force_login(editor)
    response = press(client, story, "correct", kind="update", note="Adds the minister's reply.")
    assert "Correction added" in messages_of(response)[0]
    correction = Correction.objects.get(article=story)
    assert (correction.kind, correction.text, correction.created_by) == ("update", "Adds the minister's reply.", editor)
    assert "Adds the minister&#x27;s reply." in client.get(story.get_absolute_url()).content.decode()
    assert fresh(story).was_updated  # readers see "Updated" with the correction's time


def test_a_refused_button_keeps_what_was_typed(client, editor):
    story = factories.published("Not yet withdrawn")
    client.force_login(editor)
    response = press(client, story, "withdraw", note="")
    assert messages_of(response) == ["“Withdraw” was refused. “Withdraw” needs a reason (it is shown to readers)."]
    assert fresh(story).status == Status.PUBLISHED
    response = press(client, story, "correct", version=story.version - 1, note="A long correction I typed.")
    assert "Changed by" in messages_of(response)[0] and "nothing was done" in messages_of(response)[0]
    assert "A long correction I typed.</textarea>" in response.content.decode()  # the page it lands on
    assert Correction.objects.count() == 0
    assert "A long correction I typed." not in client.get(change_url(story)).content.decode()  # shown once


def test_a_stale_button_press_is_refused(client, editor, own_draft, reporter):
    client.force_login(editor)
    opened = own_draft.version
    transition(own_draft, "submit", user=reporter)
    response = press(client, fresh(own_draft), "approve", version=opened)
    assert re.match(r"“Approve” was refused\. Changed by Reza Reporter at \d\d:\d\d on .* since you opened it",
                    messages_of(response)[0])
    assert fresh(own_draft).status == Status.SUBMITTED


def test_returned_note_is_shown_to_the_reporter(client, editor, reporter, own_draft):
    transition(own_draft, "submit", user=reporter)
    client.force_login(editor)
    press(client, fresh(own_draft), "return", note="Needs a second source.")
    client.force_login(reporter)
    page = client.get(change_url(own_draft)).content.decode()
    assert "Edith Editor returned it" in page and "Needs a second source." in page
    assert buttons_on(client, own_draft) == ["Submit for review"]


# --- reporters cannot, even by hand ------------------------------------------------------------
@pytest.mark.parametrize("state,action,fields", [
    ("draft", "publish", {}),
    ("draft", "schedule", {"at": "2099-01-01T10:00"}),
    ("submitted", "approve", {}),
    ("submitted", "return", {"note": "Sending it back myself"}),
    ("live", "correct", {"kind": "correction", "note": "Mine"}),
    ("live", "withdraw", {"note": "Mine"}),
    ("withdrawn", "reopen", {}),
])
def test_reporter_posting_by_hand_is_refused(client, reporter, editor, state, action, fields):
    story = factories.article("Hand-made", created_by=reporter)
    steps = {"draft": [], "submitted": ["submit"], "live": ["publish"], "withdrawn": ["publish", "withdraw"]}[state]
    for step in steps:
        story = transition(story, step, user=editor, note="Reason." if step == "withdraw" else "")
    before = (story.status, story.version, Transition.objects.count(), Correction.objects.count())
    client.force_login(reporter)
    response = press(client, story, action, **fields)
    assert "was refused. You are not allowed to" in messages_of(response)[0]
    story = fresh(story)
    assert (story.status, story.version, Transition.objects.count(), Correction.objects.count()) == before


def test_reporter_cannot_save_a_published_story_by_hand(client, reporter, editor):
    story = factories.published("Live and mine", created_by=reporter)
    client.force_login(reporter)
    page = client.get(change_url(story))
    assert page.status_code == 200 and 'name="headline"' not in page.content.decode()  # read-only view
    response = client.post(change_url(story), factories.admin_form_data(story, headline="Reporter's sneaky edit"))
    assert response.status_code == 403
    assert fresh(story).headline == "Live and mine"


def test_reporter_cannot_publish_or_correct_through_the_edit_form(client, reporter, own_draft):
    client.force_login(reporter)
    response = client.post(change_url(own_draft), factories.admin_form_data(
        own_draft, status="published", publish_at="2020-01-01 10:00", first_published_at="2020-01-01 10:00",
        **{"corrections-TOTAL_FORMS": 1, "corrections-0-kind": "correction", "corrections-0-text": "Sneaky"}))
    assert response.status_code == 302
    story = fresh(own_draft)
    assert story.status == Status.DRAFT and story.publish_at is None and not story.corrections.exists()


def test_reporter_cannot_run_editors_bulk_actions_by_hand(client, reporter, own_draft):
    client.force_login(reporter)
    response = client.post("/admin/articles/article/", {"action": "bulk_publish", "_selected_action": [own_draft.pk]},
                           follow=True)
    assert "No action selected." in messages_of(response)
    assert fresh(own_draft).status == Status.DRAFT
    actions = client.get("/admin/articles/article/").content.decode()
    assert "bulk_submit" in actions and "bulk_publish" not in actions and "bulk_approve" not in actions


def test_editor_edits_to_a_live_story_go_live_and_are_recorded(client, editor):
    story = factories.published("Live headline")
    client.force_login(editor)
    response = client.post(change_url(story), factories.admin_form_data(story, headline="Better live headline"))
    assert response.status_code == 302
    assert "Better live headline" in client.get(story.get_absolute_url()).content.decode()
    revision = fresh(story).revisions.order_by("-version").first()
    assert revision.user == editor and "headline" in revision.changed


# --- corrections are append-only in the admin -----------------------------------------------------
def test_nobody_edits_or_deletes_a_correction_in_the_admin(client, editor):
    story = transition(factories.published("With a note"), "correct", user=editor, note="First note.")
    correction = story.corrections.get()
    admin_user = factories.user("boss", is_superuser=True)
    for user in (editor, admin_user):
        client.force_login(user)
        url = f"/admin/articles/correction/{correction.pk}/"
        assert client.post(url + "change/", {"kind": "update", "text": "Rewritten"}).status_code == 403
        assert client.post(url + "delete/", {"post": "yes"}).status_code == 403
        client.post(change_url(story), factories.admin_form_data(story, **{
            "corrections-TOTAL_FORMS": 1, "corrections-INITIAL_FORMS": 1, "corrections-0-id": correction.pk,
            "corrections-0-text": "Rewritten", "corrections-0-DELETE": "on"}))
    assert Correction.objects.get(pk=correction.pk).text == "First note."


# --- bulk actions ----------------------------------------------------------------------------
def _bulk(client, action, stories, versions=None, **extra):
    data = {"action": action, "_selected_action": [s.pk for s in stories]}
    for story in stories:
        data[f"opened_version_{story.pk}"] = (versions or {}).get(story.pk, story.version)
    data.update(extra)
    return client.post("/admin/articles/article/", data, follow=True)


def test_bulk_publish_reports_per_story_what_was_refused(client, editor):
    ready = factories.article("Ready to go")
    no_body = factories.article("Empty one", body="")
    live = factories.published("Already live")
    client.force_login(editor)
    response = _bulk(client, "bulk_publish", [ready, no_body, live])
    notes = messages_of(response)
    assert notes[0] == "Publish now: done for 1 story: “Ready to go”."
    assert "Publish now: not done for “Empty one”. Cannot publish: it has no body text." in notes
    assert any(n.startswith("Publish now: not done for “Already live”. “Publish now” is not possible: the story is live.")
               for n in notes)
    assert fresh(ready).is_public and fresh(no_body).status == Status.DRAFT


def test_bulk_action_refuses_rows_changed_since_the_list_was_loaded(client, editor, reporter):
    story = factories.article("Changed meanwhile", created_by=reporter)
    client.force_login(editor)
    html = client.get("/admin/articles/article/").content.decode()
    shown = int(re.search(rf'name="opened_version_{story.pk}" value="(\d+)"', html).group(1))
    transition(story, "submit", user=reporter)
    response = _bulk(client, "bulk_publish", [story], versions={story.pk: shown})
    assert re.search(r"not done for “Changed meanwhile”\. Changed by Reza Reporter at .* since you opened it",
                     messages_of(response)[0])
    assert fresh(story).status == Status.SUBMITTED


def test_bulk_withdraw_asks_for_the_reason_first(client, editor):
    one, two = factories.published("First to go"), factories.published("Second to go")
    client.force_login(editor)
    page = _bulk(client, "bulk_withdraw", [one, two])
    assert page.status_code == 200 and "Notice for readers" in page.content.decode()
    missing = _bulk(client, "bulk_withdraw", [one, two], apply="yes", **{"bulk-note": " "})
    assert "“Withdraw” needs a reason" in missing.content.decode()
    done = _bulk(client, "bulk_withdraw", [one, two], apply="yes", **{"bulk-note": "Legal advice."})
    assert messages_of(done) == ["Withdraw: done for 2 stories: “First to go”, “Second to go”."]
    assert {fresh(s).withdrawal_notice for s in (one, two)} == {"Legal advice."}


def test_bulk_schedule_takes_a_time(client, editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 5, 6, 8, 0, tzinfo=datetime.UTC), tick=False)
    story = factories.article("Bulk scheduled")
    client.force_login(editor)
    _bulk(client, "bulk_schedule", [story], apply="yes", **{"bulk-at": "2025-05-06T20:00"})
    assert fresh(story).publish_at == datetime.datetime(2025, 5, 6, 20, 0, tzinfo=datetime.UTC)


def test_there_is_no_bulk_delete(client, editor):
    factories.published("Undeletable")
    client.force_login(factories.user("boss", is_superuser=True))
    assert "delete_selected" not in client.get("/admin/articles/article/").content.decode()


def test_list_filters_by_where_a_story_stands(client, editor):
    transition(factories.article("Goes out tonight"), "schedule", user=editor, at=timezone.now() + HOUR)
    factories.published("Out already")
    factories.article("Still drafting")
    client.force_login(editor)

    def titles(phase_name):
        html = client.get("/admin/articles/article/", {"phase": phase_name}).content.decode()
        return [t for t in ("Goes out tonight", "Out already", "Still drafting") if t in html]

    assert titles("scheduled") == ["Goes out tonight"]
    assert titles("live") == ["Out already"]
    assert titles("draft") == ["Still drafting"]


def test_reporter_cannot_save_their_story_once_submitted(client, reporter, own_draft):
    transition(own_draft, "submit", user=reporter)
    story = fresh(own_draft)
    client.force_login(reporter)
    assert client.post(change_url(story), factories.admin_form_data(story, headline="Too late")).status_code == 403
    assert fresh(story).headline == "Reporter's draft"


def test_a_save_refused_because_the_status_moved_says_so(client, editor, reporter, own_draft):
    client.force_login(editor)
    opened = own_draft.version
    transition(own_draft, "submit", user=reporter)
    response = client.post(change_url(own_draft), factories.admin_form_data(fresh(own_draft), headline="Mine", opened_version=opened))
    html = response.content.decode()
    assert response.status_code == 200 and "Changed by Reza Reporter at" in html
    assert "The text was not changed: the story's status was" in html


def test_reporter_sees_own_drafts_not_other_reporters_drafts(client, reporter, editor, own_draft):
    other = factories.user("other-reporter", "Reporters", first_name="Rita", last_name="Other")
    theirs = factories.article("Rita's secret draft", created_by=other)
    returned = transition(transition(factories.article("Returned to me", created_by=reporter), "submit",
                                     user=reporter), "return", user=editor, note="Fix the intro.")
    client.force_login(reporter)
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Reporter&#x27;s draft" in listing and "Returned to me" in listing
    assert "Rita&#x27;s secret draft" not in listing
    assert client.get(change_url(theirs)).status_code == 302  # "no such story" back to the list
    assert press(client, theirs, "submit").status_code == 404
    assert 'name="headline"' in client.get(change_url(returned)).content.decode()  # editable again
