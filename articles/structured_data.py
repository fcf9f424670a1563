"""schema.org NewsArticle JSON-LD for a public story."""
import json

from django.conf import settings
from django.utils.safestring import mark_safe

from .rendering import format_dateline

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(request, url):
    return request.build_absolute_uri(url)


def news_article(story, request):
    bylines = story.ordered_bylines()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(request, story.get_absolute_url()),
        "headline": story.headline[:110],
        "description": story.standfirst or None,
        "inLanguage": story.language,
        "datePublished": story.live_at.isoformat() if story.live_at else None,
        "dateModified": max(story.updated_at, story.live_at).isoformat() if story.live_at else None,
        "author": [
            {"@type": "Person", "name": b.person.name, "url": absolute(request, b.person.get_absolute_url())}
            for b in bylines
        ] or [
            {"@type": "Organization", "name": a.name, "url": a.url or absolute(request, a.get_absolute_url())}
            for a in story.agencies.all()
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute(request, "/"),
        },
        "articleSection": story.section.name if story.section_id else None,
        "keywords": [t.name for t in story.tags.all()] or None,
        "dateline": format_dateline(story.dateline_place, story.dateline_date).rstrip(" —") or None,
        "correction": [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.created_at.isoformat()}
            for c in story.corrections.all()
        ] or None,
    }
    if story.lead_image_id:
        data["image"] = [absolute(request, story.lead_image.file.url)]
    return {k: v for k, v in data.items() if v is not None}


def json_ld(data):
    return mark_safe(
        '<script type="application/ld+json">'
        + json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
        + "</script>"
    )
