"""Every status change of a story goes through `transition`: permission, validation, save and
audit row in one transaction. Nothing else in the code assigns `Article.status`."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from .editing import StaleEdit, claim_story, record_revision
from .models import Article, Correction, Status, Transition
from .models.taxonomy import unique_slug
from .permissions import can_edit

# Where a story stands, as the desk sees it. "published" splits in two: a published story whose
# time (or embargo) has not come yet is "scheduled"; one readers can see is "live".
DRAFT, SUBMITTED, APPROVED, SCHEDULED, LIVE, WITHDRAWN = (
    "draft", "submitted", "approved", "scheduled", "live", "withdrawn")
PHASE_WORDS = {DRAFT: "a draft", SUBMITTED: "waiting for review", APPROVED: "approved",
               SCHEDULED: "scheduled, not live yet", LIVE: "live", WITHDRAWN: "withdrawn"}
BEFORE_LIVE = frozenset({DRAFT, SUBMITTED, APPROVED, SCHEDULED})


class TransitionError(Exception):
    """A status change was refused; the message is written for the editor who asked."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset  # phases the action starts from
    target: str  # the status it leads to
    permission: str | None  # None: anyone who may edit the story
    verb: str  # "You are not allowed to <verb>."
    note_required: str = ""  # what the note is called when one is required
    needs_time: bool = False
    system_only: bool = False


ACTIONS = {a.name: a for a in [
    Action("submit", "Submit for review", frozenset({DRAFT}), Status.SUBMITTED, None,
           "submit this story"),
    Action("return", "Return to reporter", frozenset({SUBMITTED, APPROVED}), Status.DRAFT,
           "articles.approve_article", "return stories to their reporter", note_required="a note for the reporter"),
    Action("approve", "Approve", frozenset({SUBMITTED}), Status.APPROVED, "articles.approve_article",
           "approve stories"),
    Action("publish", "Publish now", BEFORE_LIVE, Status.PUBLISHED, "articles.publish_article",
           "publish stories"),
    Action("schedule", "Schedule", BEFORE_LIVE, Status.PUBLISHED, "articles.publish_article",
           "schedule stories", needs_time=True),
    Action("correct", "Correct", frozenset({LIVE}), Status.PUBLISHED, "articles.publish_article",
           "add corrections", note_required="the text of the correction"),
    Action("withdraw", "Withdraw", frozenset({LIVE}), Status.WITHDRAWN, "articles.publish_article",
           "withdraw stories", note_required="a reason (it is shown to readers)"),
    Action("reopen", "Reopen", frozenset({WITHDRAWN, SCHEDULED}), Status.DRAFT, "articles.publish_article",
           "reopen stories"),
    # Archive migration: past coverage imported as already published, by a trusted command.
    Action("import_published", "Import as published", frozenset({DRAFT}), Status.PUBLISHED, None,
           "import stories as published", system_only=True),
]}

# Better advice than "not possible" for the moves people actually try.
HINTS = {
    ("publish", LIVE): "It is already live: add a correction, or withdraw it.",
    ("schedule", LIVE): "It is already live: add a correction, or withdraw it.",
    ("correct", SCHEDULED): "Readers have not seen it yet: fix the text and save instead.",
    ("withdraw", SCHEDULED): "Readers have not seen it yet: use “Reopen” to take it off the schedule.",
    ("submit", SUBMITTED): "It is already with the desk.",
    ("approve", DRAFT): "The reporter must submit it for review first.",
}


def phase(article):
    """The story's place in the workflow: draft, submitted, approved, scheduled, live or withdrawn."""
    if article.status == Status.PUBLISHED:
        return LIVE if article.is_public else SCHEDULED
    return article.status


def when(dt):
    """A time as the desk reads it, in the newsroom's zone."""
    return date_format(timezone.localtime(dt), "j M Y, H:i T")


def available_actions(article, user):
    """The actions `user` may press on `article` now (for buttons)."""
    return [a for a in ACTIONS.values() if not a.system_only and refusal(article, a, user) is None]


def refusal(article, action, user):
    """Why `user` may not apply `action` to `article` in its current state, or None.

    `user` None is the trusted system (ingest command)."""
    if user is not None:
        if action.system_only:
            return f"“{action.label}” is only done by the import command."
        if action.permission and not user.has_perm(action.permission):
            return f"You are not allowed to {action.verb}: an editor must do it."
        if action.permission is None and not can_edit(user, article):
            return "Only the story's own reporter (while it is a draft) or an editor can do that."
    where = phase(article)
    if where not in action.sources:
        hint = HINTS.get((action.name, where), "")
        return f"“{action.label}” is not possible: the story is {PHASE_WORDS[where]}. {hint}".strip()
    return None


def publication_problems(article, *, archive=False):
    """What stops `article` from being published, in words an editor understands."""
    problems = []
    if not article.headline.strip():
        problems.append("it has no headline")
    elif article.headline_is_proposed and not archive:
        problems.append("its headline is still the one proposed from the lede: write a real one and untick “needs a headline”")
    if not article.body.strip():
        problems.append("it has no body text")
    if article.section_id is None and not archive:
        problems.append("it has no section")
    if not article.bylines.exists() and not article.agencies.exists():
        problems.append("it has neither a byline nor an agency credit")
    if article.lead_image_id and not article.lead_image.alt_text.strip():
        problems.append("its lead image has no alt text")
    stop = article.wire_stop()
    if stop is not None:
        problems.append(f"the wire {stop_word(stop)} it on {when(stop.received_at)} ({stop.file_name or 'upload'}); only a "
                        "later usable version from the wire lifts that")
    return problems


def stop_word(dispatch):
    return "cancelled" if dispatch.pubstatus == "canceled" else "withheld"


def transition(article, action_name, *, user, note="", at=None, kind=None, expected_version=None):
    """Apply one workflow action to `article` and return the story as it now stands.

    `user` None means the trusted system (ingest command). `at` is the go-live time for
    "schedule" (required) and "publish" (defaults to now). `kind` types a correction
    (Correction.Kind, default correction). `expected_version` is the version the user was
    looking at: if someone saved since, the action is refused. Every refusal raises
    TransitionError and changes nothing, neither in the database nor on `article`.
    """
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionError(f"Unknown action “{action_name}”.")
    note = (note or "").strip()
    with transaction.atomic():
        try:
            story = claim_story(article.pk, expected_version=expected_version, user=user)
        except StaleEdit as stale:
            raise TransitionError(f"{stale.summary}: nothing was done. Look at the story as it is now, "
                                  "then try again.") from stale
        now = story.updated_at
        problem = refusal(story, action, user)
        if problem:
            raise TransitionError(problem)
        if action.note_required and not note:
            raise TransitionError(f"“{action.label}” needs {action.note_required}.")
        from_status = story.status
        if action.target == Status.PUBLISHED and action.name != "correct":
            _set_go_live(story, action, at, now)
        if action.name == "correct":
            kind = kind or Correction.Kind.CORRECTION
            if kind not in Correction.Kind.values:
                raise TransitionError(f"“{kind}” is not a kind of correction.")
        if action.name == "withdraw":
            story.withdrawal_notice = note
        if action.name == "reopen":
            story.withdrawal_notice = ""

        story.status = action.target
        story.save()
        if action.name == "correct":
            Correction.objects.create(article=story, kind=kind, text=note, created_by=_account(user), created_at=now)
        Transition.objects.create(article=story, from_status=from_status, to_status=story.status,
                                  action=action.name, user=_account(user), at=now,
                                  note=_audit_note(action, note, story, kind))
        # Publication may fix the address (slug); keep the revision trail in step.
        record_revision(story, user=user, note=action.label)
    return story


def _set_go_live(story, action, at, now):
    """Check and set the go-live time of a story being published or scheduled."""
    if action.needs_time and at is None:
        raise TransitionError("Choose the date and time to publish at.")
    go_live = at or now
    if action.name == "schedule" and go_live <= now:
        raise TransitionError("A scheduled time must be in the future; use “Publish now” instead.")
    if action.name == "publish" and go_live > now:
        raise TransitionError("“Publish now” cannot take a future time; use “Schedule”.")
    archive = action.name == "import_published"
    if story.embargo_until and go_live < story.embargo_until and not archive:
        raise TransitionError(f"Embargoed until {when(story.embargo_until)}: schedule it for that time or later.")
    problems = publication_problems(story, archive=archive)
    if problems:
        raise TransitionError("Cannot publish: " + "; ".join(problems) + ".")
    story.publish_at = go_live
    if story.first_published_at is None:
        story.first_published_at = go_live
        story.pub_date = timezone.localdate(go_live)
        story.slug = unique_slug(Article, story.slug or story.headline, pub_date=story.pub_date, exclude_pk=story.pk)
    if archive:
        story.updated_at = go_live  # archive copy: not "updated" since it ran


def _account(user):
    return user if user is not None and user.is_authenticated else None


def _audit_note(action, note, story, kind):
    if action.name == "schedule":
        return f"Scheduled for {when(story.publish_at)}" + (f". {note}" if note else "")
    if action.name == "correct":
        return f"{Correction.Kind(kind).label}: {note}"
    return note
