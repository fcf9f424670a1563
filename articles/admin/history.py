"""A story's history page: its status log, every saved version, a comparison of any two, and
Restore. Restoring is itself a new version, so nothing is ever lost."""
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..editing import StaleEdit, restore_revision
from ..models import Revision
from ..revisions import compare, label
from ..workflow import phase, when
from .desk import BADGES, status_log, story_for


def _pick(revisions, value, default):
    try:
        return next(r for r in revisions if r.pk == int(value))
    except (TypeError, ValueError, StopIteration):
        return default


def history_view(request, object_id, *, model_admin):
    """Status log, versions, and the differences between two chosen versions."""
    story = story_for(request, object_id, model_admin)
    revisions = list(story.revisions.select_related("user").order_by("-version"))
    for older, newer in zip(revisions[1:], revisions):
        newer.older = older  # for the one-click "what this save changed" link
    newest = revisions[0] if revisions else None
    new = _pick(revisions, request.GET.get("new"), newest)
    old = _pick(revisions, request.GET.get("old"), getattr(new, "older", None))
    if old is not None and new is not None and old.version > new.version:
        old, new = new, old
    rows = [{
        "revision": r, "who": _name(r.user), "when": when(r.created_at),
        "changed": (", ".join(label(name) for name in r.changed) or "—") if hasattr(r, "older") else "First version",
        "current": r is newest,
    } for r in revisions]
    return TemplateResponse(request, "admin/articles/article/history.html", {
        **model_admin.admin_site.each_context(request),
        "title": f"History of “{story.headline}”", "page_name": "History",
        "subtitle": None,
        "opts": model_admin.model._meta,
        "object": story, "original": story,
        "badge": BADGES[phase(story)], "phase": phase(story),
        "rows": rows, "log": status_log(story),
        "old": old, "new": new,
        "changes": compare(old.data, new.data) if old and new else [],
        "can_restore": model_admin.has_change_permission(request, story),
        "change_url": reverse("admin:articles_article_change", args=[story.pk]),
    })


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else "The wire desk"


@require_POST
def restore_view(request, object_id, revision_id, *, model_admin):
    """Make a chosen earlier version the current one (as a new version)."""
    story = story_for(request, object_id, model_admin, to_change=True)
    revision = get_object_or_404(Revision, pk=revision_id, article=story)
    history_url = reverse("admin:articles_article_history", args=[story.pk])
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        model_admin.message_user(request, "Reload the page and try again: the form was incomplete.", messages.ERROR)
        return HttpResponseRedirect(history_url)
    try:
        restored = restore_revision(story, revision, user=request.user, expected_version=expected)
    except StaleEdit as stale:
        model_admin.message_user(request, f"Not restored. {stale.summary}: look at the latest version first.",
                                 messages.ERROR)
        return HttpResponseRedirect(history_url)
    model_admin.message_user(
        request, f"Restored the text of version {revision.version} (saved {when(revision.created_at)}); "
                 f"it is now version {restored.story.version}.", messages.SUCCESS)
    for note in restored.notes:
        model_admin.message_user(request, note, messages.WARNING)
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[story.pk]))
