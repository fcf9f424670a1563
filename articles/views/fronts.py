"""Fronts: the home page; section, tag, byline and agency listings; day archives."""
import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Max, Min, Prefetch, Subquery, Window, prefetch_related_objects
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.views.decorators.http import require_safe
from taggit.models import Tag

from ..cache import FRONT_MAX_AGE, public_page, set_last_modified
from ..models import Agency, Article, Byline, Person, Section

PAGE_SIZE = 20
HOME_LATEST = 7  # the lead story and the "Latest" column
HOME_PER_SECTION = 4
HOME_WINDOW = 300  # section blocks are drawn from this many newest stories: a bounded scan


def with_teaser_data(stories):
    """Bylines and agency credits for teasers, in two queries whatever the number of stories."""
    prefetch_related_objects(
        stories, Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies")
    return stories


def url_date(year, month, day):
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise Http404("No such date") from None


@require_safe
@public_page(FRONT_MAX_AGE)
def home(request):
    public = Article.objects.public()
    latest = list(public.latest_first().select_related("section", "lead_image")[:HOME_LATEST])
    newest = Article.objects.public().latest_first().values("pk")[:HOME_WINDOW]
    ranked = list(
        public.filter(pk__in=Subquery(newest)).exclude(pk__in=[s.pk for s in latest])
        .annotate(rank=Window(RowNumber(), partition_by=[F("section_id")],
                              order_by=[F("publish_at").desc(), F("pk").desc()]))
        .filter(rank__lte=HOME_PER_SECTION).select_related("section", "lead_image")
    )
    with_teaser_data(latest + ranked)
    blocks = {}
    for story in sorted(ranked, key=lambda s: (s.section is None, s.section.position if s.section else 0,
                                               s.section.name if s.section else "", s.rank)):
        blocks.setdefault(story.section, []).append(story)
    lead, rest = (latest[0], latest[1:]) if latest else (None, [])
    response = render(request, "articles/home.html", {"lead": lead, "latest": rest, "blocks": blocks.items()})
    return set_last_modified(response, max((s.updated_at for s in latest + ranked), default=None))


def listing(request, queryset, context, *, empty_is_404=False):
    """One page of `queryset` (public stories) as teasers, newest first, with rel=prev/next."""
    paginator = Paginator(queryset.latest_first().select_related("section", "lead_image"), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page") from None
    if empty_is_404 and not paginator.count:
        raise Http404("Nothing published here")
    stories = with_teaser_data(list(page.object_list))
    context = {"not_section": "active_section" not in context, **context, "page": page, "stories": stories}
    response = render(request, "articles/listing.html", context)
    return set_last_modified(response, max((s.updated_at for s in stories), default=None))


@require_safe
@public_page(FRONT_MAX_AGE)
def section(request, slug):
    section = get_object_or_404(Section, slug=slug)
    return listing(request, Article.objects.public().filter(section=section),
                   {"title": section.name, "intro": section.description, "active_section": section.slug,
                    "feed_slug": ("sections", section.slug)})


@require_safe
@public_page(FRONT_MAX_AGE)
def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    # A tag only drafts use is not shown: its name could give away unpublished work.
    return listing(request, Article.objects.public().filter(tags=tag),
                   {"title": tag.name, "kicker": "Topic", "feed_slug": ("tags", tag.slug)}, empty_is_404=True)


@require_safe
@public_page(FRONT_MAX_AGE)
def byline(request, slug):
    person = get_object_or_404(Person.objects.select_related("agency"), slug=slug)
    stories = Article.objects.public().filter(pk__in=Byline.objects.filter(person=person).values("article_id"))
    return listing(request, stories, {"title": person.name, "kicker": "Stories by", "person": person})


@require_safe
@public_page(FRONT_MAX_AGE)
def agency(request, slug):
    agency = get_object_or_404(Agency, slug=slug)
    return listing(request, Article.objects.public().filter(agencies=agency),
                   {"title": agency.name, "kicker": "Stories from", "agency": agency})


@require_safe
@public_page(FRONT_MAX_AGE)
def day(request, year, month, day):
    date = url_date(year, month, day)
    public = Article.objects.public()
    around = {
        "previous_day": public.filter(pub_date__lt=date).aggregate(d=Max("pub_date"))["d"],
        "next_day": Article.objects.public().filter(pub_date__gt=date).aggregate(d=Min("pub_date"))["d"],
    }
    return listing(request, public.filter(pub_date=date),
                   {"title": date_format(date, "l j F Y"), "kicker": "Archive", "day": date, **around})
