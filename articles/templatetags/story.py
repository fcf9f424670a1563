"""Template helpers for story pages and teasers."""
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import images, structured_data
from ..rendering import format_dateline, with_dateline

register = template.Library()


@register.simple_tag
def dateline(story):
    return format_dateline(story.dateline_place, story.dateline_date, [a.credit for a in story.agencies.all()])


@register.simple_tag
def body_with_dateline(story):
    return with_dateline(story.body_html, dateline(story))


def _byline_groups(story):
    groups = {}
    for b in story.ordered_bylines():
        groups.setdefault(b.role, []).append(b.person)
    return groups


def _label(role):
    return "By" if role in ("", "writing") else f"{role[:1].upper()}{role[1:]} by"


def _and(items):
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@register.simple_tag
def byline_links(story):
    """"By Maria Panina and John Smith; additional reporting by …" with links to byline pages."""
    parts = []
    for role, people in _byline_groups(story).items():
        links = [str(format_html('<a rel="author" href="{}">{}</a>', p.get_absolute_url(), p.name)) for p in people]
        parts.append(format_html("{} {}", _label(role), mark_safe(_and(links))))
    return format_html_join("; ", "{}", ((p,) for p in parts))


@register.simple_tag
def byline_text(story):
    """The byline as plain text ("By A and B; additional reporting by C"), or the agency credits."""
    parts = [f"{_label(role)} {_and([p.name for p in people])}" for role, people in _byline_groups(story).items()]
    return "; ".join(parts) or ", ".join(a.credit for a in story.agencies.all())


@register.simple_tag
def news_article_jsonld(story, origin):
    """The story's NewsArticle JSON-LD, with absolute URLs on `origin` ("https://host")."""
    return structured_data.json_ld(structured_data.news_article(story, lambda path: origin + path))


@register.simple_tag(takes_context=True)
def site_origin(context):
    """"scheme://host" of the current request (for canonical and absolute URLs)."""
    request = context["request"]
    return f"{request.scheme}://{request.get_host()}"


@register.simple_tag
def picture(image, sizes, loading="lazy", css_class=""):
    """<picture> with WebP and JPEG srcsets and the fallback's width/height (no layout shift)."""
    if image is None or not image.file:
        return ""
    jpeg = images.variants(image, mime="image/jpeg")
    webp = images.variants(image, mime="image/webp")
    if not jpeg:
        return ""
    fallback = min(jpeg, key=lambda v: abs(v["width"] - 960))
    srcset = lambda variants: ", ".join(f"{v['url']} {v['width']}w" for v in variants)  # noqa: E731
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', srcset(webp), sizes) if webp else ""
    priority = mark_safe(' fetchpriority="high"') if loading == "eager" else ""
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" '
        'decoding="async"{}{}></picture>',
        source, fallback["url"], srcset(jpeg), sizes, fallback["width"], fallback["height"], image.alt_text,
        loading, priority, format_html(' class="{}"', css_class) if css_class else "",
    )


@register.filter
def share_image(image):
    """The 16:9 JPEG made for link previews (Open Graph, Twitter), or None."""
    if image is None or not image.file:
        return None
    variants = images.variants(image, "16x9")
    return variants[-1] if variants else None
