"""The public corrections channel: every correction on a public story, newest first."""
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..cache import FRONT_MAX_AGE, public_page, set_last_modified
from ..models import Article, Correction

PAGE_SIZE = 30


def public_corrections():
    """Corrections of public stories only (the visibility rule), newest first."""
    return (Correction.objects.filter(article__in=Article.objects.public())
            .select_related("article").order_by("-created_at", "-pk"))


@require_safe
@public_page(FRONT_MAX_AGE)
def corrections(request):
    paginator = Paginator(public_corrections(), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page") from None
    items = list(page.object_list)
    response = render(request, "articles/corrections.html", {"page": page, "items": items})
    return set_last_modified(response, max((c.created_at for c in items), default=None))
