"""The article page: a public story, its old addresses (301) and its withdrawal notice (410)."""
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import pages
from ..cache import ARTICLE_MAX_AGE, is_staff_request, public_page, set_last_modified
from ..models import Article, ArticleURL, Status
from .fronts import url_date


def modified_at(story):
    """When the public page last changed: its go-live, or a later edit or correction."""
    return max(story.updated_at, story.live_at)


@require_safe
@public_page(ARTICLE_MAX_AGE, bound_by_go_live=False)
def article(request, year, month, day, slug):
    pub_date = url_date(year, month, day)
    # (pub_date, slug) is unique: no ordering needed, and none is paid for.
    found = list(Article.objects.public().filter(pub_date=pub_date, slug=slug).select_related("page").order_by()[:1])
    if not found:
        return not_public(request, pub_date, slug)
    story = found[0]
    if is_staff_request(request):  # the desk sees the live story, with its own links
        full = pages.with_relations(story)
        related = pages.related_stories(pages.related_candidates(full))
        response = render(request, "articles/article.html", pages.article_context(full, related))
    else:
        response = HttpResponse(pages.serve(pages.page_for(story, request), request))
    return set_last_modified(response, modified_at(story))


def not_public(request, pub_date, slug):
    """An address with no public story: 410 if withdrawn, 301 if it is an old address, else 404."""
    gone = Article.objects.filter(pub_date=pub_date, slug=slug, status=Status.WITHDRAWN).first()
    old = None if gone else ArticleURL.objects.filter(pub_date=pub_date, slug=slug).select_related("article").first()
    if old is not None and old.article.is_public:
        return HttpResponsePermanentRedirect(old.article.get_absolute_url())
    if old is not None and old.article.status == Status.WITHDRAWN:
        gone = old.article  # answered here: a redirect would give away its new address
    if gone is not None:
        return render(request, "articles/withdrawn.html", {"story": gone}, status=410)
    raise Http404("No such story")
