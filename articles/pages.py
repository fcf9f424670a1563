"""Precomputed article HTML.

Everything on an article page that depends only on the story itself — head metadata (canonical,
Open Graph, JSON-LD), header, picture, body, corrections, tags, and the sections menu with its
section marked — is rendered once per story version and kept in StoryPage. A page view then costs the story lookup (through
Article.objects.public(), as always), a live check of the related stories, the menu, and a small
template. This is derived data, not a cache of visibility: the precomputed HTML is only ever
reached through a story the public() rule has just returned.

A page is rebuilt when its key no longer matches (the story was saved: its version moved; the
templates or site settings changed) or when it is older than TTL; signals delete pages whose
story's relations changed (a byline's name, an agency, a tag, the picture: see cache.py), and
every page when a section changes (the menu is on all of them; sections change rarely). The
related list is stored too, but shown only after a live check that each story is still public;
a saved story drops the pages that list it, so a corrected headline shows everywhere.
"""
import datetime
import hashlib
from functools import lru_cache

from django.conf import settings
from django.db.models import Count, Prefetch
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import images
from .models import Article, Byline, StoryPage
from .templatetags.site import menu_items

# Stands for the site's origin in stored HTML (RFC 2606 reserves .invalid); each response puts
# the origin it was asked on in its place, so one stored page serves every host name.
ORIGIN = "https://origin.invalid"
TTL = datetime.timedelta(minutes=15)  # bounds how long the related-story candidates may age
RELATED = 4
CANDIDATES = 12  # more than shown: the ones no longer public when read are skipped
TEMPLATES = ("articles/_story_head.html", "articles/_story.html", "articles/_teaser.html")


@lru_cache(maxsize=1)
def revision():
    """Changes when a deploy changes what a stored page would contain."""
    parts = [settings.NEWSROOM_SITE_NAME, settings.MEDIA_URL, static("img/logo.png"), str(images.SPEC_VERSION)]
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


def render_parts(story, origin):
    """The story's own HTML: (head, main). `story` must have its relations loaded."""
    context = {"story": story, "origin": origin, "site_name": settings.NEWSROOM_SITE_NAME}
    return render_to_string("articles/_story_head.html", context), render_to_string("articles/_story.html", context)


def build(story):
    """Render and store the precomputed page of a public `story`."""
    key = page_key(story)
    full = with_relations(story)
    head, main = render_parts(full, ORIGIN)
    menu = str(menu_items(full.section.slug if full.section_id else None))
    related = related_candidates(full)
    page = StoryPage(article_id=story.pk, key=key, head=head, main=main, menu=menu, related=related,
                     related_ids="".join(f",{r['pk']}" for r in related) + ",", built_at=timezone.now())
    # An upsert: two readers building the same page at once both succeed.
    StoryPage.objects.bulk_create([page], update_conflicts=True, unique_fields=["article"],
                                  update_fields=["key", "head", "main", "menu", "related", "related_ids", "built_at"])
    return page


def page_for(story):
    """The up-to-date precomputed page of a public `story` (selected with select_related("page"))."""
    page = getattr(story, "page", None) if _has_page(story) else None
    if page is None or page.key != page_key(story) or page.built_at < timezone.now() - TTL:
        page = build(story)
    return page


def _has_page(story):
    try:
        story.page
    except StoryPage.DoesNotExist:
        return False
    return True


def related_stories(page):
    """The first RELATED of the page's candidates that are public now (one query): each a dict
    with headline, url, section and live_at (a datetime)."""
    if not page.related:
        return []
    public = set(Article.objects.public().filter(pk__in=[r["pk"] for r in page.related]).values_list("pk", flat=True))
    shown = [r for r in page.related if r["pk"] in public][:RELATED]
    return [{**r, "live_at": datetime.datetime.fromisoformat(r["live_at"])} for r in shown]


def serve(html, request):
    """Stored HTML with this request's origin in place of ORIGIN."""
    return mark_safe(html.replace(ORIGIN, f"{request.scheme}://{request.get_host()}"))
