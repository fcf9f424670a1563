from django.urls import path, register_converter

from . import preview, views
from .search import views as search_views


class FourDigits:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class TwoDigits(FourDigits):
    regex = r"[0-9]{2}"


register_converter(FourDigits, "yyyy")
register_converter(TwoDigits, "nn")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("bylines/<str:slug>/", views.byline, name="byline"),
    path("agencies/<slug:slug>/", views.agency, name="agency"),
    path("search/", search_views.reader_search, name="search"),
    path("<yyyy:year>/<nn:month>/<nn:day>/<str:slug>/", views.article, name="article"),
    path("preview/<str:token>/", preview.preview, name="preview"),
    # Last: a section takes any remaining single path segment.
    path("<slug:slug>/", views.section, name="section"),
]
