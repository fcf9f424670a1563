"""The article list's date drill-down, fit for an archive of a million stories (admin/scale.py)."""
from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.scale import archive_date_hierarchy

register = template.Library()


@register.tag(name="archive_date_hierarchy")
def archive_date_hierarchy_tag(parser, token):
    return InclusionAdminNode(parser, token, func=archive_date_hierarchy, template_name="date_hierarchy.html",
                              takes_context=False)
