"""Template helpers for the page frame (menu, static assets): written in Python because every
public page renders them, and a template loop costs several times more."""
from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from ..models import Section

register = template.Library()


@register.simple_tag
@lru_cache(maxsize=64)
def asset(path):
    """static(path), looked up once per process (the manifest does not change while it runs)."""
    return static(path)


def menu_items(active=None, *, home=False):
    """The sections menu: the front page, then each section in order; `active` (a section slug)
    or `home` marks the current one."""
    current = mark_safe(' aria-current="page"')
    items = [("/", "Front page", current if home else "")]
    items += [(reverse("section", args=[slug]), name, current if slug == active else "")
              for name, slug in Section.objects.values_list("name", "slug")]
    return format_html_join("", '<li><a href="{}"{}>{}</a></li>', ((url, mark, name) for url, name, mark in items))


@register.simple_tag(takes_context=True)
def section_menu(context):
    """The menu for the page being rendered (its view may pass `active_section`, a slug)."""
    request = context.get("request")
    return menu_items(context.get("active_section"), home=request is not None and request.path == "/")
