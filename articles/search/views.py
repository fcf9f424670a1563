"""Reader search: the public page /search/?q=, over public stories only."""
from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import RELEVANCE, search_public
from .forms import SearchForm

PAGE_SIZE = 20


@require_safe
def reader_search(request):
    """Same query language as the desk; the queryset is the visibility rule, nothing else."""
    form = SearchForm({"q": request.GET.get("q", ""), "page": request.GET.get("page") or None})
    form.is_valid()
    text, _, _, page = form.search_args()
    results = None
    if text.strip():
        results = search_public(text, sort=RELEVANCE, page=page, per_page=PAGE_SIZE, facets=False)
    return render(request, "articles/search.html", {
        "text": text, "results": results, "query_string": urlencode({"q": text}),
    })
