"""Precomputed article pages.

A reader's article page depends only on the story itself (head metadata, header, picture, body,
corrections, tags, the menu with its section marked) and on which related stories are public
right now. So the whole document is rendered once per story version, with the same templates a
live render uses, and kept in StoryPage; a reader's request then costs the story lookup (through
Article.objects.public(), as always), a live check of the related stories, and two string
replacements. The stored HTML is only ever reached through a story the public() rule has just
returned: it is derived data, never a way round visibility. Logged-in staff get a live render.

A page is rebuilt when its key no longer matches (the story was saved: its version moved; a
deploy changed the templates or site settings) or when it is older than TTL. Signals (cache.py)
delete the pages a change touches: a byline's name, an agency, a tag, the picture; every page
when a section changes (the menu is on all of them; sections change rarely); and the pages that
list a story as related when that story is saved, so a corrected headline shows everywhere.
"""
import datetime
import hashlib
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Count, Prefetch
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import timezone

from . import images
from .models import Article, Byline, StoryPage

# Stands for the site's origin in stored HTML (RFC 2606 reserves .invalid); each response puts
# the origin it was asked on in its place, so one stored page serves every host name.
ORIGIN = "https://origin.invalid"
RELATED_SLOT = "<!-- related stories -->"
TTL = datetime.timedelta(minutes=15)  # bounds how long the related-story candidates may age
RELATED = 4
CANDIDATES = 12  # more than shown: the ones no longer public when read are skipped
TEMPLATES = ("base.html", "articles/article.html", "articles/_story_head.html", "articles/_story.html",
             "articles/_related.html")


@lru_cache(maxsize=1)
def revision():
    """Changes when a deploy changes what a stored page would contain."""
    parts = [settings.NEWSROOM_SITE_NAME, settings.MEDIA_URL, static("img/logo.png"), static("css/site.css"),
             str(images.SPEC_VERSION)]
    for name in TEMPLATES:
        with open(get_template(name).origin.name, "rb") as source:
            parts.append(hashlib.sha1(source.read()).hexdigest())
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


def page_key(story):
    return f"{story.version}:{revision()}"


def with_relations(story):
    """`story` again, with section, picture, bylines, agencies, tags and corrections (five queries)."""
    return Article.objects.select_related("section", "lead_image").prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies", "tags", "corrections",
    ).get(pk=story.pk)


def related_candidates(story):
    """Public stories sharing the most tags with `story` (newest first among equals); without
    tags, the latest of its section. What the related list shows of each, best first."""
    others = Article.objects.public().exclude(pk=story.pk).select_related("section")
    tag_ids = [tag.pk for tag in story.tags.all()]
    if tag_ids:
        others = others.filter(tags__in=tag_ids).annotate(shared=Count("pk")).order_by("-shared", "-publish_at", "-pk")
    else:
        others = others.filter(section_id=story.section_id).order_by("-publish_at", "-pk")
    return [{"pk": other.pk, "headline": other.headline, "url": other.get_absolute_url(),
             "section": other.section.name if other.section_id else "", "live_at": other.live_at.isoformat()}
            for other in others[:CANDIDATES]]


def article_context(story, related):
    """What articles/article.html needs for `story` (relations loaded) and its related list."""
    return {"story": story, "related": related, "active_section": story.section.slug if story.section_id else None}


def build(story, request, *, existing=False):
    """Render and store the precomputed page of a public `story`, as an anonymous reader sees it.
    `existing`: the story already has a (stale) page row, to be overwritten."""
    key = page_key(story)
    full = with_relations(story)
    related = related_candidates(full)
    html = render_to_string("articles/article.html",
                            {**article_context(full, None), "origin": ORIGIN, "related_slot": RELATED_SLOT},
                            request=request)
    page = StoryPage(article_id=story.pk, key=key, html=html, related=related,
                     related_ids="".join(f",{r['pk']}" for r in related) + ",", built_at=timezone.now())
    # One statement, no transaction around it: this runs on a reader's GET.
    if existing:
        StoryPage.objects.filter(pk=story.pk).update(key=key, html=html, related=related,
                                                     related_ids=page.related_ids, built_at=page.built_at)
    else:
        try:
            page.save(force_insert=True)
        except IntegrityError:
            pass  # another reader stored the same page a moment ago
    return page


def page_for(story, request):
    """The up-to-date precomputed page of a public `story` (selected with select_related("page"))."""
    try:
        page = story.page
    except StoryPage.DoesNotExist:
        page = None
    if page is None or page.key != page_key(story) or page.built_at < timezone.now() - TTL:
        page = build(story, request, existing=page is not None)
    return page


def related_stories(candidates):
    """The first RELATED `candidates` (from related_candidates) that are public now: one query."""
    if not candidates:
        return []
    public = set(Article.objects.public().filter(pk__in=[r["pk"] for r in candidates]).values_list("pk", flat=True))
    shown = [r for r in candidates if r["pk"] in public][:RELATED]
    return [{**r, "live_at": datetime.datetime.fromisoformat(r["live_at"])} for r in shown]


def serve(page, request):
    """The stored document with this request's origin and the related stories public now."""
    shown = related_stories(page.related)
    related = render_to_string("articles/_related.html", {"related": shown}) if shown else ""
    return page.html.replace(ORIGIN, f"{request.scheme}://{request.get_host()}").replace(RELATED_SLOT, related, 1)
