"""Sitemaps against the sitemaps.org and Google News XSDs (lxml), and robots.txt."""
import datetime
from functools import cache

import pytest
from django.utils import timezone
from lxml import etree

from articles import sitemaps
from articles.models import Article
from tests import factories
from tests.conftest import shared_file

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}


@cache
def schema(name):
    return etree.XMLSchema(etree.parse(str(shared_file("standards", "sitemaps", name))))


def valid(client, url, xsd):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    validator = schema(xsd)
    assert validator.validate(document), (url, validator.error_log)
    return document


def test_the_schemas_catch_an_invalid_news_sitemap():
    invalid = etree.parse(str(shared_file("standards", "sitemaps", "examples", "news-sitemap.invalid.example.xml")))
    assert not schema("sitemap-all-local.xsd").validate(invalid)


def test_index_lists_news_fronts_and_monthly_article_sitemaps(client):
    now = timezone.now()
    factories.published("This month", at=now - datetime.timedelta(hours=2))
    factories.published("Last year", at=now - datetime.timedelta(days=400))
    factories.article("Draft")
    index = valid(client, "/sitemap.xml", "siteindex.xsd")
    locs = [loc.text.removeprefix("http://testserver") for loc in index.findall("s:sitemap/s:loc", NS)]
    assert locs[:2] == ["/news-sitemap.xml", "/sitemaps/fronts.xml"]
    months = locs[2:]
    assert len(months) == 2 and all(m.startswith("/sitemaps/articles/") for m in months)
    seen = []
    for month in months:
        urlset = valid(client, month, "sitemap-all-local.xsd")
        seen += [loc.text for loc in urlset.findall("s:url/s:loc", NS)]
    assert sorted(seen) == sorted(f"http://testserver{a.get_absolute_url()}" for a in Article.objects.public())
    valid(client, "/sitemaps/fronts.xml", "sitemap-all-local.xsd")


def test_large_months_are_split_into_files(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "PER_FILE", 2)
    moment = timezone.now() - datetime.timedelta(hours=3)
    stories = [factories.published(f"Story {n}", at=moment) for n in range(5)]
    index = valid(client, "/sitemap.xml", "siteindex.xsd")
    month = stories[0].pub_date
    base = f"http://testserver/sitemaps/articles/{month:%Y-%m}.xml"
    locs = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert [base, base + "?page=2", base + "?page=3"] == locs[2:]
    pages = [valid(client, loc.removeprefix("http://testserver"), "sitemap-all-local.xsd") for loc in locs[2:]]
    assert [len(p.findall("s:url", NS)) for p in pages] == [2, 2, 1]
    assert client.get(f"/sitemaps/articles/{month:%Y-%m}.xml?page=4").status_code == 404


def test_news_sitemap_holds_the_last_48_hours_with_publication_data(client):
    now = timezone.now()
    recent = factories.published("Recent & notable", at=now - datetime.timedelta(hours=3), language="pt-BR")
    factories.published("Too old", at=now - datetime.timedelta(hours=49))
    document = valid(client, "/news-sitemap.xml", "sitemap-all-local.xsd")
    urls = document.findall("s:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext("s:loc", namespaces=NS) == f"http://testserver{recent.get_absolute_url()}"
    assert url.findtext("n:news/n:publication/n:name", namespaces=NS) == "Newsroom"
    assert url.findtext("n:news/n:publication/n:language", namespaces=NS) == "pt"
    assert url.findtext("n:news/n:title", namespaces=NS) == "Recent & notable"
    published = datetime.datetime.fromisoformat(url.findtext("n:news/n:publication_date", namespaces=NS))
    assert published == recent.live_at.replace(microsecond=0)


def test_empty_news_sitemap_is_still_valid(client):
    valid(client, "/news-sitemap.xml", "sitemap-all-local.xsd")


@pytest.mark.parametrize("language,code", [("en", "en"), ("zh-Hant-TW", "zh-tw"), ("zh-CN", "zh-cn"),
                                           ("fil", "fil"), ("english", "en")])
def test_news_language_codes(language, code):
    assert sitemaps.news_language(language) == code


def test_robots_txt_points_at_both_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text
