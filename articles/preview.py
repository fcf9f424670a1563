"""Staff preview: a signed, expiring link showing a story as readers will see it.

This is the one explicit override of the visibility rule: it is reached only with a link the
desk signed, only by logged-in staff, and is never cached.
"""
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Article

SALT = "articles.preview"


def preview_token(article):
    """A signed token naming the story; it expires after NEWSROOM_PREVIEW_MAX_AGE seconds."""
    return signing.dumps({"article": article.pk}, salt=SALT)


def preview_url(article):
    return reverse("preview", args=[preview_token(article)])


def story_for_token(token):
    """The story a preview token names; Http404 if the link is forged, broken or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.NEWSROOM_PREVIEW_MAX_AGE)
    except signing.SignatureExpired:
        raise Http404("This preview link has expired: open the story in the desk and press Preview again.") from None
    except signing.BadSignature:
        raise Http404("This preview link is not valid.") from None
    story = (
        Article.objects.filter(pk=data.get("article"))
        .select_related("section", "lead_image")
        .prefetch_related("bylines__person", "agencies", "tags", "corrections")
        .first()
    )
    if story is None:
        raise Http404("This story no longer exists.")
    return story


@never_cache
@require_safe
def preview(request, token):
    """The story as readers will see it, with a banner saying it is not public; staff only."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_active and request.user.is_staff and request.user.has_perm("articles.view_article")):
        raise PermissionDenied("Previews are for the newsroom's staff.")
    story = story_for_token(token)
    response = render(request, "articles/preview.html", {"story": story, "preview": True})
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
