"""The workflow panel at the top of a story's edit page: where the story stands, what happens
next, who else has it open, and the buttons this user may press."""
from dataclasses import dataclass, field, replace

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .. import presence
from ..models import Correction, Status
from ..preview import preview_url
from ..workflow import (ACTIONS, APPROVED, DRAFT, LIVE, SCHEDULED, SUBMITTED, WITHDRAWN, available_actions, phase,
                        when)

BADGES = {DRAFT: "Draft", SUBMITTED: "Waiting for review", APPROVED: "Approved", SCHEDULED: "Scheduled",
          LIVE: "Live", WITHDRAWN: "Withdrawn"}

# How each button is presented: its group, its look, what it does (in one line), and the
# label of its text box when it needs one.
GROUPS = [("forward", "Move it on"), ("live", "On the live story"), ("back", "Send back or take down")]


@dataclass(frozen=True)
class ButtonUI:
    group: str
    help: str
    note_label: str = ""
    note_help: str = ""
    style: str = ""  # "", "primary" or "danger"


BUTTONS = {
    "submit": ButtonUI("forward", "Hand the story to the desk. You cannot edit it while it waits.", style="primary"),
    "approve": ButtonUI("forward", "The copy is ready. It can then be published now or scheduled.", style="primary"),
    "publish": ButtonUI("forward", "Readers see it at once.", style="primary"),
    "schedule": ButtonUI("forward", "It goes live by itself at that time (never before an embargo)."),
    "return": ButtonUI("back", "Back to the reporter as a draft, with your note.", "Note for the reporter",
                       "Say what needs fixing; the reporter sees it at the top of the story."),
    "reopen": ButtonUI("back", "Back to draft: it leaves the site or the schedule until it is published again."),
    "withdraw": ButtonUI("back", "Takes the story down. Its address then shows your notice, not the story.",
                         "Notice for readers", "Readers see this instead of the story.", style="danger"),
    "correct": ButtonUI("live", "Adds a dated note under the story and marks it “Updated”.", "Correction text",
                        "Readers see it under the story with its date and type. It cannot be edited later: a mistaken note is followed by another."),
}


class ActionInputForm(forms.Form):
    """The note, type or time a workflow action may need."""

    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(choices=Correction.Kind.choices, required=False, label="Type")
    at = forms.DateTimeField(
        required=False, label="Go live at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ActionForm(ActionInputForm):
    """What a workflow button posts: its inputs, and the version of the story on screen."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)


@dataclass
class Button:
    name: str
    label: str
    url: str
    ui: ButtonUI
    form: ActionForm
    open: bool = False  # re-shown with the text the user typed before a refusal


@dataclass
class Group:
    title: str
    buttons: list = field(default_factory=list)


def story_for(request, object_id, model_admin, *, to_change=False):
    """The story a desk page is about, or 404 if there is none; PermissionDenied unless the user may
    see it (or, `to_change`, change it)."""
    story = model_admin.get_object(request, unquote(object_id))
    if story is None:
        raise Http404("No such story.")
    allowed = model_admin.has_change_permission if to_change else model_admin.has_view_or_change_permission
    if not allowed(request, story):
        raise PermissionDenied
    return story


def session_key(article):
    return f"newsroom-desk-{article.pk}"


def next_step(story, where, user):
    """One or two sentences: what this state means and what happens next."""
    if where == DRAFT:
        if story.first_published_at:
            return "Back in draft after being published or scheduled. Readers cannot see it."
        return ("Being written. When it is ready, press “Submit for review”: an editor will approve it, "
                "or return it with a note.")
    if where == SUBMITTED:
        if user.has_perm("articles.approve_article"):
            return "Waiting for an editor: approve it, or return it to the reporter with a note."
        return "With the desk: an editor will approve it or return it to you with a note. You cannot edit it meanwhile."
    if where == APPROVED:
        return "Ready to go: publish it now, or schedule it for a time."
    if where == SCHEDULED:
        return "It goes live by itself at the time below: nothing else to do. Readers cannot see it until then."
    if where == LIVE:
        if not user.has_perm("articles.publish_article"):
            return "Readers can see it. Only editors can change it now."
        return ("Readers can see it. Edits you save below go live at once (every version is kept in the history). "
                "For a factual mistake, add a note with “Correct”; to take it down, “Withdraw”.")
    return "Taken down: its address shows readers the notice below instead of the story. “Reopen” makes it a draft again."


def facts(story, where):
    """Dated facts about the story's publication, as short lines."""
    lines = []
    now = timezone.now()
    if where == SCHEDULED:
        if story.embargo_until and story.embargo_until >= story.publish_at:
            lines.append(f"Embargoed until {when(story.embargo_until)}")
        else:
            lines.append(f"Scheduled for {when(story.publish_at)}")
            if story.embargo_until and story.embargo_until > now:
                lines.append(f"Embargoed until {when(story.embargo_until)}")
    elif story.embargo_until and story.embargo_until > now:
        lines.append(f"Embargoed until {when(story.embargo_until)}: it cannot go live before then")
    if where == LIVE:
        lines.append(f"Live since {when(story.live_at)}")
        if story.was_updated:
            lines.append(f"Updated {when(story.updated_at)}")
    return lines


def last_note(story):
    """The latest status change that carried a note (e.g. why it was returned), for the top of the page."""
    entry = story.transitions.select_related("user").order_by("-at", "-pk").first()
    if entry is None or not entry.note or entry.action not in ("return", "withdraw"):
        return None
    who = (entry.user.get_full_name() or entry.user.get_username()) if entry.user else "The system"
    verb, after = {"return": ("returned it", " with this note:"),
                   "withdraw": ("withdrew it", ". Readers see this notice:")}[entry.action]
    return {"who": who, "verb": verb, "after": after, "at": when(entry.at), "note": entry.note,
            "returned": entry.action == "return" and story.status == Status.DRAFT}


def status_log(story):
    """Every status change of the story, oldest first, as rows for a read-only table."""
    return [{
        "when": when(t.at), "who": (t.user.get_full_name() or t.user.get_username()) if t.user else "The system",
        "action": ACTIONS[t.action].label if t.action in ACTIONS else t.action,
        "from": t.get_from_status_display(), "to": t.get_to_status_display(), "note": t.note,
    } for t in story.transitions.select_related("user").order_by("at", "pk")]


def buttons(request, story):
    """The buttons `request.user` may press on `story` now, grouped, each with its small form."""
    where = phase(story)
    stashed = request.session.pop(session_key(story), None) if hasattr(request, "session") else None
    groups = {key: Group(title) for key, title in GROUPS}
    for action in available_actions(story, request.user):
        initial = {"expected_version": story.version, "kind": Correction.Kind.CORRECTION}
        if action.name == "schedule" and story.embargo_until and story.embargo_until > timezone.now():
            initial["at"] = timezone.localtime(story.embargo_until)
        reshown = bool(stashed and stashed.get("action") == action.name)
        if reshown:
            initial.update({k: v for k, v in stashed.items() if k in ("note", "kind", "at") and v})
        ui = BUTTONS[action.name]
        if action.name == "schedule" and where == SCHEDULED:
            ui = replace(ui, help="Choose another time: it then goes live at that time instead.")
        form = ActionForm(initial=initial, prefix=action.name)
        if ui.note_label:
            form.fields["note"].label = ui.note_label
            form.fields["note"].help_text = ui.note_help
        url = reverse("admin:articles_article_workflow", args=[story.pk, action.name])
        groups[ui.group].buttons.append(Button(action.name, action.label, url, ui, form, reshown))
    return [g for g in groups.values() if g.buttons]


def desk_context(request, story):
    """Everything the workflow panel shows, for the change page's template."""
    where = phase(story)
    others = presence.others(story.pk, request.user)
    if request.method == "GET":
        presence.record_open(story.pk, request.user)
    return {
        "desk": {
            "phase": where,
            "badge": BADGES[where],
            "next": next_step(story, where, request.user),
            "facts": facts(story, where),
            "note": last_note(story),
            "others": [visit.sentence() for visit in others],
            "groups": buttons(request, story),
            "log": status_log(story),
            "preview_url": preview_url(story),
            "history_url": reverse("admin:articles_article_history", args=[story.pk]),
            "presence_url": reverse("admin:articles_article_presence", args=[story.pk]),
            "zone": timezone.localtime().tzname(),
            "preview_hours": settings.NEWSROOM_PREVIEW_MAX_AGE // 3600,
        }
    }
