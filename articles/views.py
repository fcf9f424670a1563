"""Public pages. Every query starts from Article.objects.public(): the one visibility rule."""
import datetime

from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .models import Agency, Article, ArticleURL, Person, Section, Status

PAGE_SIZE = 20


@require_safe
def home(request):
    stories = list(Article.objects.public().latest_first().for_listing()[:40])
    lead, rest = (stories[0], stories[1:]) if stories else (None, [])
    by_section = {}
    for story in rest:
        by_section.setdefault(story.section, []).append(story)
    return render(request, "articles/home.html", {"lead": lead, "by_section": by_section.items()})


def _listing(request, queryset, template_context, template="articles/listing.html"):
    paginator = Paginator(queryset.latest_first().for_listing(), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, template, {**template_context, "page": page, "stories": page.object_list})


@require_safe
def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return _listing(request, Article.objects.public().filter(section=section),
                    {"title": section.name, "intro": section.description, "object": section})


@require_safe
def tag(request, slug):
    from taggit.models import Tag

    tag = get_object_or_404(Tag, slug=slug)
    return _listing(request, Article.objects.public().filter(tags=tag), {"title": tag.name, "kicker": "Topic"})


@require_safe
def byline(request, slug):
    person = get_object_or_404(Person.objects.select_related("agency"), slug=slug)
    return _listing(request, Article.objects.public().filter(bylines__person=person).distinct(),
                    {"title": person.name, "kicker": "Stories by", "person": person})


@require_safe
def agency(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    return _listing(request, Article.objects.public().filter(agencies=agency),
                    {"title": agency.name, "kicker": "Stories from"})


def _url_date(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such date") from None


@require_safe
def article(request, year, month, day, slug):
    pub_date = _url_date(year, month, day)
    story = (
        Article.objects.public().filter(pub_date=pub_date, slug=slug)
        .select_related("section", "lead_image")
        .prefetch_related("bylines__person", "agencies", "tags", "corrections")
        .first()
    )
    if story is None:
        withdrawn = Article.objects.filter(pub_date=pub_date, slug=slug, status=Status.WITHDRAWN).first()
        if withdrawn is not None:
            return render(request, "articles/withdrawn.html", {"story": withdrawn}, status=410)
        old = ArticleURL.objects.filter(pub_date=pub_date, slug=slug).select_related("article").first()
        if old is not None and old.article.is_public:
            return HttpResponsePermanentRedirect(old.article.get_absolute_url())
        raise Http404("No such story")
    return render(request, "articles/article.html", {"story": story})


def healthz(request):
    """Liveness: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return HttpResponse(f"database unreachable: {error.__class__.__name__}", status=503,
                            content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
