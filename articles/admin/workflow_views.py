"""What the workflow buttons and bulk actions post to. Thin: each calls workflow.transition and
reports its refusal (TransitionError, the only error caught) in the editor's words."""
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from .. import presence
from ..workflow import ACTIONS, TransitionError, phase, transition, when
from .desk import BADGES, BUTTONS, ActionForm, ActionInputForm, session_key

SUCCESS = {
    "submit": "Submitted for review: an editor will approve it, or return it to you with a note.",
    "return": "Returned to the reporter as a draft, with your note.",
    "approve": "Approved: publish it now, or schedule it.",
    "publish": "Published: readers can see it now.",
    "schedule": "{scheduled}: it goes live by itself.",
    "correct": "Correction added: readers see it under the story, which is now marked “Updated”.",
    "withdraw": "Withdrawn: its address now shows your notice instead of the story.",
    "reopen": "Reopened as a draft: readers cannot see it.",
}


def done_message(action_name, story):
    if action_name == "schedule":
        embargoed = story.embargo_until and story.embargo_until >= story.publish_at
        scheduled = f"Embargoed until {when(story.embargo_until)}" if embargoed else f"Scheduled for {when(story.publish_at)}"
        return SUCCESS["schedule"].format(scheduled=scheduled)
    return SUCCESS[action_name]


@require_POST
def workflow_view(request, object_id, action_name, *, model_admin):
    """One button on the edit page: apply the action, then back to the page with the outcome."""
    story = model_admin.get_object(request, unquote(object_id))  # only stories this user may see
    if story is None or action_name not in ACTIONS:
        raise Http404("No such story or action.")
    if not model_admin.has_view_or_change_permission(request, story):
        raise PermissionDenied
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    form = ActionForm(request.POST, prefix=action_name)
    if not form.is_valid():
        problems = "; ".join(f"{form.fields[name].label or name}: {' '.join(errors)}" for name, errors in form.errors.items())
        model_admin.message_user(request, f"“{ACTIONS[action_name].label}” was not done. {problems}", messages.ERROR)
        return HttpResponseRedirect(change_url)
    data = form.cleaned_data
    try:
        story = _apply(request, story, action_name, data, data["expected_version"])
    except TransitionError as refusal:
        # Keep what was typed, so a refused correction or note is not lost.
        request.session[session_key(story)] = {
            "action": action_name, "note": data.get("note") or "", "kind": data.get("kind") or "",
            "at": request.POST.get(f"{action_name}-at", ""),
        }
        model_admin.message_user(request, f"“{ACTIONS[action_name].label}” was refused. {refusal}", messages.ERROR)
        return HttpResponseRedirect(change_url)
    model_admin.message_user(request, done_message(action_name, story), messages.SUCCESS)
    return HttpResponseRedirect(change_url)


def _apply(request, story, action_name, data, expected_version):
    return transition(story, action_name, user=request.user, note=data.get("note") or "", at=data.get("at"),
                      kind=data.get("kind") or None, expected_version=expected_version)


@require_GET
def presence_view(request, object_id, *, model_admin):
    """Who else opened the story lately. The edit page asks every half minute while it is open,
    which also keeps its user listed for the others."""
    story = model_admin.get_object(request, unquote(object_id))
    if story is None or not model_admin.has_view_or_change_permission(request, story):
        raise Http404("No such story.")
    presence.still_here(story.pk, request.user)
    return JsonResponse({"others": [visit.sentence() for visit in presence.others(story.pk, request.user)]})


# --- bulk actions on the list -------------------------------------------------------------
def opened_versions(request):
    """{story pk: version shown on the list when the user ticked it} (see ArticleAdmin.action_checkbox)."""
    versions = {}
    for key, value in request.POST.items():
        if key.startswith("opened_version_") and value.isdigit():
            pk = key.removeprefix("opened_version_")
            if pk.isdigit():
                versions[int(pk)] = int(value)
    return versions


def run_bulk(model_admin, request, queryset, action_name, data):
    """Apply one action to every selected story, each in its own transaction; report per story."""
    action = ACTIONS[action_name]
    versions = opened_versions(request)
    done, refused = [], []
    for story in queryset.order_by("pk"):
        try:
            _apply(request, story, action_name, data, versions.get(story.pk))
        except TransitionError as refusal:
            refused.append((story, str(refusal)))
        else:
            done.append(story)
    if done:
        names = ", ".join(f"“{s.headline}”" for s in done[:10]) + (" …" if len(done) > 10 else "")
        count = f"{len(done)} stor{'y' if len(done) == 1 else 'ies'}"
        model_admin.message_user(request, f"{action.label}: done for {count}: {names}.", messages.SUCCESS)
    for story, reason in refused:
        model_admin.message_user(request, f"{action.label}: not done for “{story.headline}”. {reason}", messages.WARNING)


def _bulk(action_name, permission):
    action = ACTIONS[action_name]

    @admin.action(description=action.label, permissions=[permission])
    def bulk(model_admin, request, queryset):
        if not (action.note_required or action.needs_time):
            return run_bulk(model_admin, request, queryset, action_name, {})
        # Actions that need a note or a time ask for it on a page of their own first.
        form = ActionInputForm(request.POST if "apply" in request.POST else None, prefix="bulk")
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if action.note_required and not (data.get("note") or "").strip():
                form.add_error("note", f"“{action.label}” needs {action.note_required}.")
            elif action.needs_time and data.get("at") is None:
                form.add_error("at", "Choose the date and time to publish at.")
            else:
                return run_bulk(model_admin, request, queryset, action_name, data)
        if action.note_required:
            form.fields["note"].label = BUTTONS[action_name].note_label
            form.fields["note"].help_text = BUTTONS[action_name].note_help
        return TemplateResponse(request, "admin/articles/article/bulk_action.html", {
            **model_admin.admin_site.each_context(request),
            "title": f"{action.label}: {queryset.count()} selected stories",
            "opts": model_admin.model._meta, "action": action, "action_function": f"bulk_{action_name}",
            "form": form, "stories": [(s, phase(s), BADGES[phase(s)]) for s in queryset.order_by("pk")],
            "versions": opened_versions(request),
        })

    bulk.__name__ = f"bulk_{action_name}"
    return bulk


BULK_ACTIONS = [
    _bulk("submit", "change"),
    _bulk("return", "approve"),
    _bulk("approve", "approve"),
    _bulk("publish", "publish"),
    _bulk("schedule", "publish"),
    _bulk("correct", "publish"),
    _bulk("withdraw", "publish"),
    _bulk("reopen", "publish"),
]
