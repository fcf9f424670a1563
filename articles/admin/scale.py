"""The article list at a million stories: what Django's admin does by default reads every story
on each page view (an exact count, and a scan for the years that have stories). Measured at
1,000,000 stories on PostgreSQL: 1.4 s a page before, see bench/README.md."""
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.functional import cached_property

COUNT_CAP = 10_000
LIST_SEARCH_LIMIT = 300  # the search box on the list: the newest this-many matches (three pages)


class CappedCountPaginator(Paginator):
    """Counts matches exactly up to COUNT_CAP, then stops: the list says “10,000+ articles” and
    pages through the first 10,000 (a search or a filter narrows the rest)."""

    cap = COUNT_CAP
    capped = False

    @cached_property
    def count(self):
        counted = self.object_list.order_by()[: self.cap + 1].count()  # a count needs no order: no sort
        self.capped = counted > self.cap
        return min(counted, self.cap)


def archive_date_hierarchy(cl):
    """Django's date drill-down, except at the top: the years from the oldest story to the newest
    (two index lookups) instead of reading every story for the years that have one."""
    field = cl.date_hierarchy
    if any(name.startswith(f"{field}__") for name in cl.params):
        return date_hierarchy(cl)  # within one year, month or day: few stories to read
    bounds = cl.root_queryset.aggregate(first=Min(field), last=Max(field))
    if not (bounds["first"] and bounds["last"]):
        return date_hierarchy(cl)
    first, last = (timezone.localtime(bounds[k]).year for k in ("first", "last"))
    if first == last:
        return date_hierarchy(cl)
    return {"show": True, "choices": [
        {"link": cl.get_query_string({f"{field}__year": year}, [f"{field}__"]), "title": str(year)}
        for year in range(last, first - 1, -1)  # newest first: a desk looks back from today
    ]}
