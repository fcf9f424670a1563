"""Template helpers for story pages and teasers."""
from django import template
from django.utils.html import format_html, format_html_join

from .. import structured_data
from ..rendering import format_dateline, with_dateline

register = template.Library()


@register.simple_tag
def dateline(story):
    return format_dateline(story.dateline_place, story.dateline_date, [a.credit for a in story.agencies.all()])


@register.simple_tag
def body_with_dateline(story):
    return with_dateline(story.body_html, dateline(story))


@register.simple_tag
def byline_links(story):
    """"By Maria Panina and John Smith; additional reporting by …" with links to byline pages."""
    groups = {}
    for b in story.ordered_bylines():
        groups.setdefault(b.role, []).append(b.person)
    parts = []
    for role, people in groups.items():
        links = format_html_join(", ", '<a rel="author" href="{}">{}</a>', ((p.get_absolute_url(), p.name) for p in people))
        if len(people) > 1:
            head, _, last = str(links).rpartition(", ")
            links = format_html("{} and {}", template.defaultfilters.safe(head), template.defaultfilters.safe(last))
        label = "By" if role in ("", "writing") else f"{role[:1].upper()}{role[1:]} by"
        parts.append(format_html("{} {}", label, links))
    return format_html_join("; ", "{}", ((p,) for p in parts))


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, story):
    return structured_data.json_ld(structured_data.news_article(story, context["request"]))
