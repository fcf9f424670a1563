"""The wire sent a newer version of a story the desk has moved on: say so on the story's page, show
what it would change, and let someone allowed to edit the story apply it."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from ..editing import StaleEdit
from ..ingest import ParseError
from ..ingest.store import NotApplicable, apply_held_version, held_version_changes
from ..models import Dispatch, Status
from ..workflow import phase, stop_word
from .desk import BADGES, story_for


def held_versions(article):
    """Wire versions kept for review (the story had left the draft stage) since the story was last saved."""
    return Dispatch.objects.filter(article=article, applied=False, received_at__gt=article.updated_at,
                                   pubstatus=Dispatch.PubStatus.USABLE)


def _received(dispatch):
    return timezone.localtime(dispatch.received_at).strftime("%d %b %Y %H:%M")


def warn_of_held_versions(request, article):
    """A warning at the top of the story's admin page, naming when each held version arrived."""
    if article is None:
        return
    stop = article.wire_stop()
    if stop is not None:
        advice = ("It was withdrawn automatically." if stop.pubstatus == Dispatch.PubStatus.CANCELED
                  and article.status == Status.WITHDRAWN else "Do not publish it.")
        messages.error(request, format_html(
            "The wire {} this story on {} ({}). {} It cannot be published until the wire sends a usable version. "
            "<a href=\"{}\">See the notice</a>.", stop_word(stop).upper(), _received(stop), stop.file_name or "upload",
            advice, reverse("admin:articles_article_held_version", args=[article.pk, stop.pk])))
    for dispatch in held_versions(article).order_by("received_at"):
        messages.warning(request, format_html(
            "A newer version of this story came from the wire on {} ({}) and is held for review: the story was not "
            "changed. <a href=\"{}\">See what it would change</a>.",
            _received(dispatch), dispatch.file_name or "upload",
            reverse("admin:articles_article_held_version", args=[article.pk, dispatch.pk])))


def held_version_view(request, object_id, dispatch_id, *, model_admin):
    """GET: the held version beside the story, field by field. POST: apply it (a new revision)."""
    story = story_for(request, object_id, model_admin)
    dispatch = get_object_or_404(Dispatch, pk=dispatch_id, article=story)
    can_apply = (not dispatch.applied and dispatch.pubstatus == Dispatch.PubStatus.USABLE
                 and model_admin.has_change_permission(request, story))
    change_url = reverse("admin:articles_article_change", args=[story.pk])
    if request.method == "POST":
        if not can_apply:
            raise PermissionDenied
        try:
            story = apply_held_version(story, dispatch, user=request.user,
                                       expected_version=int(request.POST.get("expected_version", "")))
        except ValueError:
            model_admin.message_user(request, "Reload the page and try again: the form was incomplete.", messages.ERROR)
            return HttpResponseRedirect(request.path)
        except StaleEdit as stale:
            model_admin.message_user(request, f"Not applied. {stale.summary}: compare again.", messages.ERROR)
            return HttpResponseRedirect(request.path)
        except (NotApplicable, ParseError) as error:
            model_admin.message_user(request, f"Not applied: {error}", messages.ERROR)
            return HttpResponseRedirect(change_url)
        model_admin.message_user(request, f"Applied the wire version received {_received(dispatch)}; it is now "
                                          f"version {story.version}.", messages.SUCCESS)
        return HttpResponseRedirect(change_url)
    try:
        changes, problem = ([], "") if dispatch.pubstatus != Dispatch.PubStatus.USABLE else (
            held_version_changes(story, dispatch), "")
    except ParseError as error:  # a parser changed since it was received and now refuses it
        changes, problem = [], f"This version can no longer be read: {error}"
    return TemplateResponse(request, "admin/articles/article/held_version.html", {
        **model_admin.admin_site.each_context(request),
        "title": f"Wire version of “{story.headline}”", "page_name": "Wire version",
        "subtitle": None,
        "opts": model_admin.model._meta,
        "object": story, "original": story, "dispatch": dispatch,
        "received": _received(dispatch), "changes": changes, "problem": problem,
        "badge": BADGES[phase(story)], "phase": phase(story),
        "can_apply": can_apply and not problem, "change_url": change_url,
    })
