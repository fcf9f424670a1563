from django.http import HttpResponse
from django.urls import path

from bench.stock_admin import site as stock_admin
from newsroom.urls import urlpatterns as site_urls

_BODIES = {}


def constant(request, size):
    """The floor: a Django view that returns `size` constant bytes of HTML, nothing else."""
    body = _BODIES.get(size)
    if body is None:
        body = _BODIES[size] = b"<!doctype html><p>" + b"x" * max(size - 18, 0)
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("__bench__/constant/<int:size>/", constant), path("__bench__/stock-admin/", stock_admin.urls),
               *site_urls]
