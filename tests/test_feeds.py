"""RSS 2.0 and Atom feeds, checked with feedparser."""
import datetime

import feedparser
import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("url,version", [("/feeds/latest.rss", "rss20"), ("/feeds/latest.atom", "atom10")])
def test_latest_feed_carries_bylines_categories_times_and_content(client, url, version, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    older = factories.published("Older story", at=timezone.now() - 2 * HOUR)
    story = factories.published("Feed story", standfirst="A summary.", body="Full **body** text.",
                                bylines=("Ines Vasquez", "Mei Tanaka"), tags=("Energy",), dateline_place="Oslo")
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    factories.correct(story, "Fixed a figure.")
    factories.article("Draft is not in feeds")
    response, feed = parse(client, url)
    assert feed.version == version
    assert [e.title for e in feed.entries] == ["Feed story", "Older story"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert entry.id == story.guid
    assert entry.author == "By Ines Vasquez and Mei Tanaka"
    assert [t.term for t in entry.tags] == ["World", "Energy"]
    assert entry.summary == "A summary."
    assert "<strong>body</strong>" in entry.content[0].value and "OSLO —" in entry.content[0].value
    assert entry.published_parsed[:5] == story.live_at.utctimetuple()[:5]
    if version == "atom10":
        story.refresh_from_db()
        assert entry.updated_parsed[:5] == story.updated_at.utctimetuple()[:5]
    assert older.headline in response.content.decode()


def test_section_and_tag_feeds_hold_only_their_stories(client):
    factories.published("World story", tags=("Rivers",))
    factories.published("Sport story", section_obj=factories.section("Sport", "sport"))
    for url in ("/feeds/sections/sport.rss", "/feeds/sections/sport.atom"):
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["Sport story"]
        assert feed.feed.title.startswith("Sport")
    for url in ("/feeds/tags/rivers.rss", "/feeds/tags/rivers.atom"):
        _, feed = parse(client, url)
        assert [e.title for e in feed.entries] == ["World story"]
    assert client.get("/feeds/sections/nowhere.rss").status_code == 404
    factories.article("Draft", tags=("Unpublished topic",))
    assert client.get("/feeds/tags/unpublished-topic.rss").status_code == 404


@pytest.mark.parametrize("url", ["/feeds/corrections.rss", "/feeds/corrections.atom"])
def test_corrections_feed(client, url, editor):
    story = factories.published("Corrected story")
    factories.correct(story, "The river is the Douro.")
    withdrawn = factories.published("Withdrawn story")
    factories.correct(withdrawn, "Hidden correction.")
    from articles.workflow import transition

    transition(withdrawn, "withdraw", user=editor, note="Gone.")
    _, feed = parse(client, url)
    assert [e.title for e in feed.entries] == ["Correction: Corrected story"]
    assert feed.entries[0].summary == "The river is the Douro."
    assert feed.entries[0].link.endswith(story.get_absolute_url() + "#corrections")


def test_empty_feeds_are_still_valid(client):
    for url in ("/feeds/latest.rss", "/feeds/latest.atom", "/feeds/corrections.atom"):
        _, feed = parse(client, url)
        assert feed.entries == []
