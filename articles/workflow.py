"""Every status change of a story goes through `transition`: permission, validation, save and
audit row in one transaction. Nothing else in the code assigns `Article.status`."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from .editing import lock_for_save
from .models import Article, Correction, Status, Transition
from .models.taxonomy import unique_slug
from .permissions import can_edit

D, S, A, P, W = Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED, Status.WITHDRAWN


class TransitionError(Exception):
    """A status change was refused; the message is written for the editor who asked."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str | None  # None: anyone who may edit the story
    note_required: str = ""  # what the note is called when one is required
    needs_time: bool = False
    system_only: bool = False


ACTIONS = {a.name: a for a in [
    Action("submit", "Submit for review", frozenset({D}), S, None),
    Action("return", "Return to reporter", frozenset({S, A}), D, "articles.approve_article", note_required="a note"),
    Action("approve", "Approve", frozenset({S}), A, "articles.approve_article"),
    Action("publish", "Publish now", frozenset({D, S, A}), P, "articles.publish_article"),
    Action("schedule", "Schedule", frozenset({D, S, A, P}), P, "articles.publish_article", needs_time=True),
    Action("correct", "Correct", frozenset({P}), P, "articles.publish_article", note_required="the correction text"),
    Action("withdraw", "Withdraw", frozenset({P}), W, "articles.publish_article", note_required="a reason"),
    Action("reopen", "Reopen", frozenset({W}), D, "articles.publish_article"),
    # Archive migration: past coverage imported as already published, by a trusted command.
    Action("import_published", "Import as published", frozenset({D}), P, None, system_only=True),
]}


def _when(dt):
    return date_format(timezone.localtime(dt), "DATETIME_FORMAT")


def available_actions(article, user):
    """The actions `user` may press on `article` now (for buttons)."""
    return [a for a in ACTIONS.values() if not a.system_only and _refusal(article, a, user) is None]


def _refusal(article, action, user):
    """Why `user` may not apply `action` to `article` in its current state, or None."""
    if article.status not in action.sources:
        return f"“{action.label}” is not possible for a story that is {article.get_status_display().lower()}."
    if action.name == "schedule" and article.status == P and article.is_public:
        return "The story is already live; withdraw it or add a correction instead."
    if user is None:  # trusted system caller (ingest command)
        return None
    if action.system_only:
        return f"“{action.label}” is only done by the import command."
    if action.permission and not user.has_perm(action.permission):
        return f"You do not have permission to “{action.label.lower()}” stories."
    if action.permission is None and not can_edit(user, article):
        return "You may only submit your own drafts."
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
    return problems


def transition(article, action_name, *, user, note="", at=None, kind=None, expected_version=None):
    """Apply one workflow action to `article` and return the refreshed story.

    `user` None means the trusted system (ingest command). `at` is the go-live time for
    "schedule" (required) and "publish" (defaults to now). `kind` types a correction.
    Raises TransitionError (or StaleEdit if `expected_version` is given and moved).
    """
    action = ACTIONS.get(action_name)
    if action is None:
        raise TransitionError(f"Unknown action “{action_name}”.")
    note = (note or "").strip()
    now = timezone.now()
    with transaction.atomic():
        lock_for_save(article, expected_version=expected_version, user=user)
        story = Article.objects.select_related("lead_image").get(pk=article.pk)
        story.version, story.updated_at, story.updated_by = article.version, article.updated_at, article.updated_by
        refusal = _refusal(story, action, user)
        if refusal:
            raise TransitionError(refusal)
        if action.note_required and not note:
            raise TransitionError(f"“{action.label}” needs {action.note_required}.")
        from_status = story.status

        if action.target == P and action.name != "correct":
            go_live = at or now
            if action.needs_time and at is None:
                raise TransitionError("Choose the date and time to publish at.")
            if action.name == "schedule" and go_live <= now:
                raise TransitionError("A scheduled time must be in the future; use “Publish now” instead.")
            if action.name == "publish" and go_live > now:
                raise TransitionError("“Publish now” cannot take a future time; use “Schedule”.")
            if story.embargo_until and go_live < story.embargo_until and action.name != "import_published":
                raise TransitionError(
                    f"Embargoed until {_when(story.embargo_until)}: schedule it for that time or later."
                )
            problems = publication_problems(story, archive=action.name == "import_published")
            if problems:
                raise TransitionError("Cannot publish: " + "; ".join(problems) + ".")
            story.publish_at = go_live
            if story.first_published_at is None:
                story.first_published_at = go_live
                story.pub_date = timezone.localdate(go_live)
                story.slug = unique_slug(Article, story.slug or story.headline, pub_date=story.pub_date,
                                         exclude_pk=story.pk)
        if action.name == "import_published":
            story.updated_at = story.publish_at  # archive copy: not "updated" since it ran
        if action.name == "withdraw":
            story.withdrawal_notice = note
        if action.name == "reopen":
            story.withdrawal_notice = ""

        story.status = action.target
        story.save()
        if action.name == "correct":
            Correction.objects.create(article=story, kind=kind or Correction.Kind.CORRECTION, text=note,
                                      created_by=user, created_at=now)
        Transition.objects.create(article=story, from_status=from_status, to_status=story.status,
                                  action=action.name, user=user, at=now, note=_audit_note(action, note, story))
    return story


def _audit_note(action, note, story):
    if action.name == "schedule":
        return f"Scheduled for {_when(story.publish_at)}" + (f". {note}" if note else "")
    return note
