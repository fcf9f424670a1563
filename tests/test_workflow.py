"""The one transition function: who may do what from which state, what it checks, what it records."""
import ast
import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from articles.models import Article, Correction, Revision, Status, Transition
from articles.workflow import (ACTIONS, APPROVED, DRAFT, LIVE, SCHEDULED, SUBMITTED, WITHDRAWN, TransitionError,
                               available_actions, phase, transition)
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
PHASES = [DRAFT, SUBMITTED, APPROVED, SCHEDULED, LIVE, WITHDRAWN]
ROLES = ["own reporter", "other reporter", "editor"]
BEFORE_LIVE = [DRAFT, SUBMITTED, APPROVED, SCHEDULED]

# The contract (DESIGN.md "Editorial workflow"), written out case by case.
ALLOWED = {
    "own reporter": {("submit", DRAFT)},
    "other reporter": set(),
    "editor": {
        ("submit", DRAFT), ("return", SUBMITTED), ("return", APPROVED), ("approve", SUBMITTED),
        *(("publish", p) for p in BEFORE_LIVE), *(("schedule", p) for p in BEFORE_LIVE),
        ("correct", LIVE), ("withdraw", LIVE), ("reopen", WITHDRAWN), ("reopen", SCHEDULED),
    },
}
RESULT = {"submit": SUBMITTED, "return": DRAFT, "approve": APPROVED, "publish": LIVE, "schedule": SCHEDULED,
          "correct": LIVE, "withdraw": WITHDRAWN, "reopen": DRAFT}
INPUTS = {"return": {"note": "Needs a second source."}, "correct": {"note": "The vote was 31 to 9."},
          "withdraw": {"note": "Legal advice."}}


@pytest.fixture
def people():
    editor = factories.editor()
    owner = factories.reporter()
    other = factories.user("other-reporter", "Reporters", first_name="Rita", last_name="Other")
    return {"editor": editor, "own reporter": owner, "other reporter": other}


def story_in(phase_name, people):
    """A story written by "own reporter", moved to `phase_name` by the proper people."""
    editor, owner = people["editor"], people["own reporter"]
    story = factories.article("A story in motion", created_by=owner)
    steps = {
        DRAFT: [], SUBMITTED: [("submit", owner)], APPROVED: [("submit", owner), ("approve", editor)],
        SCHEDULED: [("schedule", editor)], LIVE: [("publish", editor)],
        WITHDRAWN: [("publish", editor), ("withdraw", editor)],
    }[phase_name]
    for name, user in steps:
        story = transition(story, name, user=user, at=timezone.now() + HOUR if name == "schedule" else None,
                           **INPUTS.get(name, {}))
    assert phase(story) == phase_name
    return story


def state_of(story):
    story = Article.objects.get(pk=story.pk)
    return (story.status, story.version, story.updated_at, story.publish_at, story.withdrawal_notice,
            story.transitions.count(), story.corrections.count(), story.revisions.count())


@pytest.mark.parametrize("phase_name", PHASES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_action_and_state(people, role, action, phase_name):
    story = story_in(phase_name, people)
    user = people[role]
    allowed = (action, phase_name) in ALLOWED[role]
    assert (action in [a.name for a in available_actions(story, user)]) == allowed
    before = state_of(story)
    inputs = dict(INPUTS.get(action, {}))
    if action == "schedule":
        inputs["at"] = timezone.now() + 2 * HOUR
    if not allowed:
        with pytest.raises(TransitionError) as refusal:
            transition(story, action, user=user, **inputs)
        assert str(refusal.value)  # a sentence for the editor, never empty
        assert state_of(story) == before, "a refused action changed the story"
        return
    result = transition(story, action, user=user, expected_version=story.version, **inputs)
    assert phase(result) == RESULT[action]
    logged = Transition.objects.filter(article=story).order_by("-at", "-pk").first()
    assert (logged.action, logged.user, logged.to_status) == (action, user, result.status)
    assert logged.from_status == before[0]
    assert result.version == before[1] + 1


def test_refusals_speak_to_the_editor(people):
    reporter, editor = people["own reporter"], people["editor"]
    story = story_in(DRAFT, people)
    with pytest.raises(TransitionError, match="You are not allowed to publish stories: an editor must do it"):
        transition(story, "publish", user=reporter)
    with pytest.raises(TransitionError, match="“Approve” is not possible: the story is a draft. The reporter must submit"):
        transition(story, "approve", user=editor)
    with pytest.raises(TransitionError, match="Only the story's own reporter"):
        transition(story, "submit", user=people["other reporter"])
    with pytest.raises(TransitionError, match="only done by the import command"):
        transition(story, "import_published", user=editor)
    live = story_in(LIVE, people)
    with pytest.raises(TransitionError, match="already live: add a correction, or withdraw it"):
        transition(live, "schedule", user=editor, at=timezone.now() + HOUR)


@pytest.mark.parametrize("action,message", [
    ("return", "“Return to reporter” needs a note for the reporter."),
    ("withdraw", "“Withdraw” needs a reason"),
    ("correct", "“Correct” needs the text of the correction."),
])
def test_notes_are_required_where_the_contract_says(people, action, message):
    story = story_in({"return": SUBMITTED}.get(action, LIVE), people)
    before = state_of(story)
    with pytest.raises(TransitionError, match=message):
        transition(story, action, user=people["editor"], note="   ")
    assert state_of(story) == before


@pytest.mark.parametrize("change,problem", [
    ({"headline_is_proposed": True}, "its headline is still the one proposed from the lede"),
    ({"body": ""}, "it has no body text"),
    ({"section": None}, "it has no section"),
    ({"headline": "  "}, "it has no headline"),
])
def test_publication_is_refused_until_the_story_is_complete(editor, change, problem):
    story = factories.article("Complete but for one thing")
    Article.objects.filter(pk=story.pk).update(**change)
    for action, at in [("publish", None), ("schedule", timezone.now() + HOUR)]:
        with pytest.raises(TransitionError, match=f"Cannot publish: {problem}"):
            transition(story, action, user=editor, at=at)
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


def test_a_story_needs_a_byline_or_an_agency_credit(editor):
    story = factories.article("Nobody wrote this", bylines=())
    with pytest.raises(TransitionError, match="neither a byline nor an agency credit"):
        transition(story, "publish", user=editor)
    story.agencies.set([factories.Agency.objects.get(short_name="AFP")])
    assert transition(story, "publish", user=editor).is_public


def test_stale_version_is_refused_and_names_who_changed_it(people):
    editor = people["editor"]
    story = story_in(SUBMITTED, people)
    opened = story.version
    other = factories.editor("olga", "Olga", "Other")
    transition(story, "approve", user=other, expected_version=opened)
    before = state_of(story)
    with pytest.raises(TransitionError, match="Changed by Olga Other at .* since you opened it: nothing was done"):
        transition(story, "return", user=editor, note="Not yet.", expected_version=opened)
    assert state_of(story) == before


def test_a_refusal_leaves_the_callers_object_as_it_was(people):
    story = story_in(DRAFT, people)
    version, updated_at = story.version, story.updated_at
    with pytest.raises(TransitionError):
        transition(story, "approve", user=people["editor"])
    assert (story.version, story.updated_at, story.status) == (version, updated_at, Status.DRAFT)


def test_schedule_goes_live_at_its_time_without_any_job(editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    story = transition(factories.article("Budget speech"), "schedule", user=editor,
                       at=timezone.now() + 3 * HOUR)
    assert phase(story) == SCHEDULED and not Article.objects.public().exists()
    assert Transition.objects.get(article=story, action="schedule").note == "Scheduled for 1 Mar 2025, 12:00 UTC"
    time_machine.move_to(datetime.datetime(2025, 3, 1, 11, 59, tzinfo=datetime.UTC), tick=False)
    assert not Article.objects.public().exists()
    time_machine.move_to(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    assert Article.objects.public().get() == story and phase(Article.objects.get(pk=story.pk)) == LIVE


def test_never_before_the_embargo(editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    lifted = datetime.datetime(2025, 3, 1, 14, 0, tzinfo=datetime.UTC)
    story = factories.article("Study results", embargo_until=lifted)
    with pytest.raises(TransitionError, match="Embargoed until 1 Mar 2025, 14:00 UTC: schedule it for that time or later"):
        transition(story, "publish", user=editor)
    with pytest.raises(TransitionError, match="Embargoed until"):
        transition(story, "schedule", user=editor, at=lifted - datetime.timedelta(minutes=1))
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT
    story = transition(story, "schedule", user=editor, at=lifted)
    time_machine.move_to(lifted - datetime.timedelta(seconds=1), tick=False)
    assert not Article.objects.public().exists()
    time_machine.move_to(lifted, tick=False)
    assert Article.objects.public().get() == story


def test_schedule_needs_a_future_time_and_publish_now_refuses_one(editor):
    story = factories.article("Timing")
    with pytest.raises(TransitionError, match="Choose the date and time"):
        transition(story, "schedule", user=editor)
    with pytest.raises(TransitionError, match="must be in the future"):
        transition(story, "schedule", user=editor, at=timezone.now() - HOUR)
    with pytest.raises(TransitionError, match="cannot take a future time"):
        transition(story, "publish", user=editor, at=timezone.now() + HOUR)


def test_publish_now_brings_a_scheduled_story_forward(editor):
    story = transition(factories.article("Early"), "schedule", user=editor, at=timezone.now() + 5 * HOUR)
    story = transition(story, "publish", user=editor)
    assert story.is_public and story.publish_at <= timezone.now()


def test_reopen_takes_a_scheduled_story_off_the_schedule(editor):
    story = transition(factories.article("Not after all"), "schedule", user=editor, at=timezone.now() + HOUR)
    story = transition(story, "reopen", user=editor)
    assert story.status == Status.DRAFT and not Article.objects.public().exists()


def test_correction_is_typed_dated_and_bumps_updated(editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    story = transition(factories.article("Vote count"), "publish", user=editor)
    assert not story.was_updated
    time_machine.move_to(datetime.datetime(2025, 3, 1, 15, 30, tzinfo=datetime.UTC), tick=False)
    story = transition(story, "correct", user=editor, note="The vote was 31 to 9, not 30 to 10.",
                       kind=Correction.Kind.CLARIFICATION)
    correction = story.corrections.get()
    assert (correction.kind, correction.text, correction.created_by) == (
        "clarification", "The vote was 31 to 9, not 30 to 10.", editor)
    assert correction.created_at == story.updated_at == timezone.now()
    assert story.was_updated and story.is_public
    assert Transition.objects.get(article=story, action="correct").note.startswith("Clarification: The vote")
    with pytest.raises(TransitionError, match="not a kind of correction"):
        transition(story, "correct", user=editor, note="x", kind="rumour")


def test_withdraw_keeps_the_reason_for_readers_and_reopen_clears_it(editor):
    story = factories.published("Taken down")
    story = transition(story, "withdraw", user=editor, note="Legal advice.")
    assert story.withdrawal_notice == "Legal advice." and not Article.objects.public().exists()
    story = transition(story, "reopen", user=editor)
    assert story.withdrawal_notice == "" and story.status == Status.DRAFT


def test_first_publication_fixes_the_address_and_keeps_a_revision(editor, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC), tick=False)
    factories.published("Same headline", at=timezone.now() - HOUR)
    story = factories.article("Same headline")
    story = transition(story, "publish", user=editor)
    assert story.slug == "same-headline-2" and story.pub_date == timezone.localdate()
    latest = Revision.objects.filter(article=story).order_by("-version").first()
    assert latest.version == story.version and latest.changed == ["slug"] and latest.note == "Publish now"


# --- nothing else assigns status ----------------------------------------------------------
APP = Path(__file__).resolve().parents[1] / "articles"


def _status_writes(tree):
    """Places in a module that write Article.status: `x.status = …`, `.update(status=…)`,
    `.create(status=…)`, `Article(status=…)`."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                yield node.lineno
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in {"update", "create", "get_or_create", "update_or_create", "bulk_update", "Article"} and any(
                    k.arg == "status" for k in node.keywords):
                yield node.lineno
            if name == "bulk_update" and any(isinstance(a, ast.List) and any(
                    getattr(e, "value", None) == "status" for e in a.elts) for a in node.args):
                yield node.lineno


def test_only_the_workflow_assigns_status():
    offenders = []
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts or path.name == "workflow.py":
            continue
        offenders += [f"{path.relative_to(APP.parent)}:{line}" for line in _status_writes(ast.parse(path.read_text()))]
    assert offenders == []
    workflow_writes = list(_status_writes(ast.parse((APP / "workflow.py").read_text())))
    assert len(workflow_writes) == 1, "transition() should hold the one assignment"


def test_status_is_not_a_form_field(client, reporter):
    story = factories.article("Mine", created_by=reporter)
    client.force_login(reporter)
    html = client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="publish_at"' not in html
