"""Site plumbing: robots.txt and the liveness probe."""
from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..cache import public_page


@require_safe
@public_page(60 * 60, bound_by_go_live=False)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def healthz(request):
    """Liveness: 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return HttpResponse(f"database unreachable: {error.__class__.__name__}", status=503,
                            content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
