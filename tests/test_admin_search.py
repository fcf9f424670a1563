"""The desk's archive search page and the article list's search box."""
import datetime

import pytest
from django.utils import timezone

from articles.models import Agency
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/admin/articles/article/search/"


@pytest.fixture
def stories(editor):
    energy = factories.section("Energy")
    factories.published("Oil platform reopens in Montréal", body="Workers returned to the oil platform.",
                        section_obj=energy, agencies=["AFP"], bylines=["Ana Lima"], dateline_place="Montréal")
    factories.published("Oil price slips", body="Brent fell.", at=timezone.now() - datetime.timedelta(days=800))
    factories.article("Oil draft by another reporter", body="Unfinished oil copy.", bylines=["Ben Okafor"])
    withdrawn = factories.published("Withdrawn oil story", body="Oil text.")
    transition(withdrawn, "withdraw", user=editor, note="Wrong figures.")
    return energy


def test_staff_page_shows_results_with_status_links_and_facets(client, editor, stories):
    client.force_login(editor)
    response = client.get(URL, {"q": "oil"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>4</strong> stories" in html
    assert "<mark>Oil</mark> platform reopens in Montréal" in html
    assert 'nr-status-withdrawn' in html and 'nr-status-draft' in html
    assert "Ana Lima" in html and "AFP" in html and "MONTRÉAL" in html
    assert "View on site" in html and "/admin/articles/article/" in html
    results = response.context["results"]
    assert {f.label: f.count for f in results.facets["status"]} == {"Published": 2, "Draft": 1, "Withdrawn": 1}
    assert 'autofocus' in html


def test_filters_live_in_the_url(client, editor, stories):
    client.force_login(editor)
    response = client.get(URL, {"q": "oil", "section": "energy", "agency": "afp"})
    assert [h.article.headline for h in response.context["results"].hits] == ["Oil platform reopens in Montréal"]
    # A facet link keeps the query and adds the filter.
    html = client.get(URL, {"q": "oil"}).content.decode()
    assert 'href="?q=oil&amp;section=energy"' in html
    year = (timezone.now() - datetime.timedelta(days=800)).year
    response = client.get(URL, {"q": "oil", "since": f"{year}-01-01", "until": f"{year}-12-31"})
    assert [h.article.headline for h in response.context["results"].hits] == ["Oil price slips"]


def test_bad_filters_are_explained_and_ignored(client, editor, stories):
    client.force_login(editor)
    response = client.get(URL, {"q": "oil", "since": "2020-13-45", "section": "nowhere", "byline": "Nobody Atall"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a valid date." in html and "No byline named “Nobody Atall”." in html
    assert response.context["results"].total == 4


def test_empty_query_lists_the_newest(client, editor, stories):
    client.force_login(editor)
    hits = client.get(URL).context["results"].hits
    assert hits[0].article.headline != "Oil price slips"
    assert hits[-1].article.headline == "Oil price slips"


def test_reporter_searches_only_what_the_list_shows_them(client, reporter, stories):
    client.force_login(reporter)
    headlines = [h.article.headline for h in client.get(URL, {"q": "oil"}).context["results"].hits]
    assert "Oil draft by another reporter" not in headlines and "Withdrawn oil story" in headlines


def test_anonymous_users_are_sent_to_log_in(client, stories):
    response = client.get(URL, {"q": "oil"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_article_list_search_box_uses_full_text(client, editor, stories):
    client.force_login(editor)
    html = client.get("/admin/articles/article/", {"q": "montreal"}).content.decode()
    assert "Oil platform reopens in Montréal" in html and "Oil price slips" not in html
    html = client.get("/admin/articles/article/", {"q": "oil -platform -draft"}).content.decode()
    assert "Oil price slips" in html and "Oil platform reopens" not in html
    assert "Search the archive" in html


def test_agency_filter_uses_slugs(client, editor, stories):
    client.force_login(editor)
    assert Agency.objects.filter(slug="afp").exists()
    assert client.get(URL, {"agency": "afp"}).context["results"].total == 1


def test_article_list_search_shows_the_newest_matches_up_to_a_bound(client, editor, stories, monkeypatch):
    import articles.admin.article as article_admin

    client.force_login(editor)
    everything = client.get("/admin/articles/article/", {"q": "oil"}).content.decode()
    assert "4 articles" in everything and "The list shows the newest" not in everything
    monkeypatch.setattr(article_admin, "LIST_SEARCH_LIMIT", 3)
    bounded = client.get("/admin/articles/article/", {"q": "oil"}).content.decode()
    assert "The list shows the newest 3 matches" in bounded and "Search the archive" in bounded
    assert "3 articles" in bounded and "Oil price slips" not in bounded  # the oldest match is the one left out
