"""The reader's search page: public stories only, the desk's query language, pages."""
import datetime

import pytest
from django.utils import timezone

from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_reader_search_never_shows_a_story_that_is_not_public(client, editor):
    factories.published("Public zeppelin story", body="Zeppelin text everyone may read.")
    hidden = {
        "Draft zeppelin story": factories.article("Draft zeppelin story", body="Zeppelin draft secret alpha."),
        "Submitted zeppelin story": transition(factories.article("Submitted zeppelin story",
                                               body="Zeppelin secret bravo."), "submit", user=None),
    }
    approved = transition(factories.article("Approved zeppelin story", body="Zeppelin secret charlie."), "submit",
                          user=None)
    hidden["Approved zeppelin story"] = transition(approved, "approve", user=editor)
    hidden["Scheduled zeppelin story"] = transition(
        factories.article("Scheduled zeppelin story", body="Zeppelin secret delta."), "schedule", user=editor,
        at=timezone.now() + DAY)
    hidden["Embargoed zeppelin story"] = factories.published(
        "Embargoed zeppelin story", body="Zeppelin secret echo.", embargo_until=timezone.now() + DAY)
    withdrawn = factories.published("Withdrawn zeppelin story", body="Zeppelin secret foxtrot.")
    hidden["Withdrawn zeppelin story"] = transition(withdrawn, "withdraw", user=editor, note="Legal advice.")

    for query in ["zeppelin", "secret", "alpha OR bravo OR charlie OR delta OR echo OR foxtrot", "-nothing"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        html = response.content.decode().replace(query, "")  # the page repeats the query itself
        assert {h.article.headline for h in response.context["results"].hits} <= {"Public zeppelin story"}
        for headline, story in hidden.items():
            secret = story.body.split()[-1].rstrip(".")
            assert headline not in html and secret not in html, (query, headline)
    html = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "Public <mark>zeppelin</mark> story" in html and "1 story" in html


def test_reader_search_marks_words_and_pages(client):
    for n in range(23):
        factories.published(f"Lighthouse keeper diary {n}", body="The lighthouse stood firm.",
                            at=timezone.now() - n * DAY)
    html = client.get("/search/", {"q": "LIGHTHOUSE"}).content.decode()
    assert "23 stories" in html and "<mark>Lighthouse</mark>" in html and "Page 1 of 2" in html
    assert 'href="?q=LIGHTHOUSE&amp;page=2"' in html
    second = client.get("/search/", {"q": "LIGHTHOUSE", "page": 2}).content.decode()
    assert second.count('class="teaser"') == 3


def test_reader_search_page_without_a_query_shows_the_box(client):
    response = client.get("/search/")
    assert response.status_code == 200 and 'name="q"' in response.content.decode()
    assert client.get("/search/", {"q": '"" -'}).status_code == 200
    assert client.get("/search/", {"q": "x", "page": "abc"}).status_code == 200
