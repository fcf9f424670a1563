"""schema.org NewsArticle JSON-LD for a public story: everything Google lists as required or
recommended for articles (headline, image, dates, authors with URLs, publisher with logo), plus
dateline and corrections."""
import json

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import images
from .rendering import format_dateline

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
LOGO = "img/logo.png"
LOGO_SIZE = 192


def _time(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def publisher(absolute):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(LOGO)), "width": LOGO_SIZE, "height": LOGO_SIZE},
    }


def _images(story, absolute):
    """The lead picture at 16:9, 4:3 and 1:1 (what Google asks for), largest first."""
    image = story.lead_image
    if image is None or not image.file:
        return []
    found = []
    for crop in images.SHARE_RATIOS:
        variants = images.variants(image, crop)
        if variants:
            found.append(absolute(variants[-1]["url"]))
    return found


def news_article(story, absolute):
    """The NewsArticle for `story`; `absolute(path)` makes a full URL."""
    url = absolute(story.get_absolute_url())
    published = story.live_at or story.updated_at  # a draft in preview has no go-live time yet
    bylines = story.ordered_bylines()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": story.headline[:110],
        "description": story.standfirst or None,
        "image": _images(story, absolute) or None,
        "inLanguage": story.language,
        "datePublished": _time(published),
        "dateModified": _time(max(story.updated_at, published)),
        "author": [
            {"@type": "Person", "name": b.person.name, "url": absolute(b.person.get_absolute_url())}
            for b in bylines
        ] or [
            {"@type": "Organization", "name": a.name, "url": a.url or absolute(a.get_absolute_url())}
            for a in story.agencies.all()
        ] or None,
        "publisher": publisher(absolute),
        "isAccessibleForFree": True,
        "articleSection": story.section.name if story.section_id else None,
        "keywords": [t.name for t in story.tags.all()] or None,
        "dateline": format_dateline(story.dateline_place, story.dateline_date).rstrip(" —") or None,
        "sourceOrganization": [{"@type": "NewsMediaOrganization", "name": a.name, **({"url": a.url} if a.url else {})}
                               for a in story.agencies.all()] or None,
        "correction": [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": _time(c.created_at)}
            for c in story.corrections.all()
        ] or None,
    }
    return {k: v for k, v in data.items() if v is not None}


def json_ld(data):
    return mark_safe(
        '<script type="application/ld+json">'
        + json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
        + "</script>"
    )
