from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import api, feeds, preview, sitemaps, views
from .cache import public_page
from .search import views as search_views

FEED_MAX_AGE = 300


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


def feed(feed_class):
    return require_safe(public_page(FEED_MAX_AGE)(feed_class()))


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("news-sitemap.xml", sitemaps.news, name="news-sitemap"),
    path("sitemaps/fronts.xml", sitemaps.fronts, name="sitemap-fronts"),
    path("sitemaps/articles/<yyyy:year>-<nn:month>.xml", sitemaps.month, name="sitemap-month"),
    path("feeds/latest.rss", feed(feeds.LatestRss), name="feed-latest-rss"),
    path("feeds/latest.atom", feed(feeds.LatestAtom), name="feed-latest-atom"),
    path("feeds/sections/<slug:slug>.rss", feed(feeds.SectionRss), name="feed-section-rss"),
    path("feeds/sections/<slug:slug>.atom", feed(feeds.SectionAtom), name="feed-section-atom"),
    path("feeds/tags/<str:slug>.rss", feed(feeds.TagRss), name="feed-tag-rss"),
    path("feeds/tags/<str:slug>.atom", feed(feeds.TagAtom), name="feed-tag-atom"),
    path("feeds/corrections.rss", feed(feeds.CorrectionsRss), name="feed-corrections-rss"),
    path("feeds/corrections.atom", feed(feeds.CorrectionsAtom), name="feed-corrections-atom"),
    path("api/ninjs/articles/", api.article_list, name="ninjs-list"),
    path("api/ninjs/articles/<str:guid>/", api.article_detail, name="ninjs-detail"),
    path("corrections/", views.corrections, name="corrections"),
    path("tags/<str:slug>/", views.tag, name="tag"),
    path("bylines/<str:slug>/", views.byline, name="byline"),
    path("agencies/<slug:slug>/", views.agency, name="agency"),
    path("search/", search_views.reader_search, name="search"),
    path("<yyyy:year>/<nn:month>/<nn:day>/", views.day, name="day"),
    path("<yyyy:year>/<nn:month>/<nn:day>/<str:slug>/", views.article, name="article"),
    path("preview/<str:token>/", preview.preview, name="preview"),
    # Last: a section takes any remaining single path segment.
    path("<slug:slug>/", views.section, name="section"),
]
