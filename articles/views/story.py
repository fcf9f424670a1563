"""The article page: a public story, its old addresses (301) and its withdrawal notice (410)."""
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..cache import ARTICLE_MAX_AGE, public_page, set_last_modified
from ..models import Article, ArticleURL, Byline, Status
from .fronts import url_date

RELATED = 4


def story_queryset():
    """A public story with everything its page shows, in a fixed number of queries."""
    return Article.objects.public().select_related("section", "lead_image").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies", "tags", "corrections")


def modified_at(story):
    """When the public page last changed: its go-live, or a later edit or correction."""
    return max(story.updated_at, story.live_at)


def related_stories(story, limit=RELATED):
    """Public stories sharing the most tags with `story` (newest first among equals); without
    tags, the latest from its section. One query either way."""
    others = Article.objects.public().exclude(pk=story.pk).select_related("section")
    tag_ids = [tag.pk for tag in story.tags.all()]
    if tag_ids:
        others = others.filter(tags__in=tag_ids).annotate(shared=Count("pk")).order_by("-shared", "-publish_at", "-pk")
    else:
        others = others.filter(section_id=story.section_id).order_by("-publish_at", "-pk")
    return list(others[:limit])


@require_safe
@public_page(ARTICLE_MAX_AGE, bound_by_go_live=False)
def article(request, year, month, day, slug):
    pub_date = url_date(year, month, day)
    story = story_queryset().filter(pub_date=pub_date, slug=slug).first()
    if story is None:
        return not_public(request, pub_date, slug)
    response = render(request, "articles/article.html", {
        "story": story, "related": related_stories(story),
        "active_section": story.section.slug if story.section_id else None,
    })
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
