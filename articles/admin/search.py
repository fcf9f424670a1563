"""The desk's archive search: one box, filters and facet counts, everything in the URL.

Mounted by ArticleAdmin.get_urls (see `search_url`); searches what the user may see in the
article list (ModelAdmin.get_queryset), through the one search function.
"""
from functools import partial
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..models import Article
from ..search import SORTS, search
from ..search.forms import SearchForm

FACETS = [("section", "Section"), ("agency", "Agency"), ("status", "Status"), ("year", "Year")]


def search_url(model_admin):
    """The URL pattern of the page, for ArticleAdmin.get_urls."""
    view = model_admin.admin_site.admin_view(partial(staff_search_view, model_admin=model_admin))
    return path("search/", view, name="articles_article_search")


def _link(params, **changes):
    query = params.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return "?" + query.urlencode()


def _facet_groups(results, params):
    """Facet values as links that add (or, when chosen, remove) that filter."""
    groups = []
    for name, label in FACETS:
        items = []
        for facet in results.facets.get(name, []):
            if name == "year":
                since, until = f"{facet.value}-01-01", f"{facet.value}-12-31"
                chosen = params.get("since") == since and params.get("until") == until
                url = _link(params, since=None, until=None) if chosen else _link(params, since=since, until=until)
            else:
                chosen = params.get(name) == str(facet.slug)
                url = _link(params, **{name: None if chosen else facet.slug})
            items.append({"label": facet.label, "count": facet.count, "url": url, "chosen": chosen})
        if items:
            groups.append({"label": label, "items": items})
    return groups


def _rows(results, params, model_admin):
    """What each result line shows, with its links."""
    rows = []
    for hit in results.hits:
        story = hit.article
        rows.append({
            "hit": hit,
            "badge": model_admin.status_display(story),
            "edit_url": reverse("admin:articles_article_change", args=[story.pk]),
            "view_url": story.get_absolute_url() if story.is_public else "",
            "bylines": [{"name": person.name, "url": _link(params, byline=person.slug)} for person in hit.writers],
            "agencies": ", ".join(agency.credit for agency in hit.agencies),
            "date": story.live_at or story.created_at,
        })
    return rows


def staff_search_view(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    form.is_valid()
    text, filters, sort, page = form.search_args()
    results = search(model_admin.get_queryset(request), text, filters=filters, sort=sort, page=page)
    params = request.GET.copy()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Search the archive",
        "opts": Article._meta,
        "form": form,
        "text": text,
        "results": results,
        "rows": _rows(results, params, model_admin),
        "facet_groups": _facet_groups(results, params),
        "sort_links": [{"label": label, "url": _link(params, sort=key), "chosen": key == sort}
                       for key, label in SORTS.items()],
        "previous_url": _link(params, page=str(results.page - 1)) if results.has_previous else "",
        "next_url": _link(params, page=str(results.page + 1)) if results.has_next else "",
        "clear_url": "?" + urlencode({"q": text} if text else {}),
    }
    return TemplateResponse(request, "admin/articles/article/search.html", context)
