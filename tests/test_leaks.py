"""No public channel ever shows a story that is not public: drafts, submitted, approved,
scheduled, embargoed and withdrawn stories are absent from every page, feed, sitemap, API
answer, related link and metadata block."""
import datetime
import json
import re

import pytest
from django.utils import timezone

from articles.models import Article, ArticleURL
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
SHARED = {"tags": ("Harbour", "Ferries"), "bylines": ("Ines Vasquez",), "agencies": ("AFP",)}


@pytest.fixture
def newsroom(editor):
    """One public story and one hidden story in every other state, all sharing section, tags,
    byline and agency (so every channel that lists the public one is tempted by the others)."""
    public = factories.published("Public ferry story", standfirst="Visible to all.", **SHARED)
    factories.published("Another public ferry story", at=timezone.now() - 2 * HOUR, **SHARED)  # a related link
    factories.correct(public, "A public correction.")

    def hidden(state):
        return factories.article(f"Hidden {state} story", body=f"Secret {state} body text.",
                                 standfirst=f"Secret {state} standfirst.", **SHARED)

    hidden_stories = {"draft": hidden("draft")}
    hidden_stories["submitted"] = transition(hidden("submitted"), "submit", user=editor)
    approved = transition(hidden("approved"), "submit", user=editor)
    hidden_stories["approved"] = transition(approved, "approve", user=editor)
    hidden_stories["scheduled"] = transition(hidden("scheduled"), "schedule", user=editor, at=timezone.now() + HOUR)
    hidden_stories["embargoed"] = factories.published(
        "Hidden embargoed story", body="Secret embargoed body text.", embargo_until=timezone.now() + 2 * HOUR,
        at=timezone.now() - HOUR, **SHARED)
    withdrawn = factories.published("Hidden withdrawn story", body="Secret withdrawn body text.", **SHARED)
    factories.correct(withdrawn, "Secret correction of a withdrawn story.")
    ArticleURL.objects.create(article=withdrawn, pub_date=withdrawn.pub_date, slug="hidden-withdrawn-old-slug")
    hidden_stories["withdrawn"] = transition(withdrawn, "withdraw", user=editor, note="Legal reasons.")
    return public, hidden_stories


def secrets_of(story):
    story = Article.objects.get(pk=story.pk)
    return {story.headline, story.guid, story.slug, f"Secret {story.headline.split()[1]} body text",
            "hidden-withdrawn-old-slug", "Secret correction"}


def crawl(client, public):
    """Every public channel, as a reader or a robot reaches it: {url: text}."""
    public.refresh_from_db()
    urls = [
        "/", f"/{public.section.slug}/", "/tags/harbour/", "/tags/ferries/", "/bylines/ines-vasquez/",
        "/agencies/afp/", f"/{public.pub_date:%Y/%m/%d}/", public.get_absolute_url(), "/corrections/",
        "/feeds/latest.rss", "/feeds/latest.atom", f"/feeds/sections/{public.section.slug}.rss",
        f"/feeds/sections/{public.section.slug}.atom", "/feeds/tags/harbour.rss", "/feeds/tags/ferries.atom",
        "/feeds/corrections.rss", "/feeds/corrections.atom", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml",
        "/sitemaps/fronts.xml", "/api/ninjs/articles/", f"/api/ninjs/articles/{public.guid}/",
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    # Follow the sitemap index to every article sitemap it lists.
    for loc in re.findall(r"<loc>http://testserver([^<]+)</loc>", pages["/sitemap.xml"]):
        pages[loc] = client.get(loc.replace("&amp;", "&")).content.decode()
    return pages


def test_no_hidden_story_appears_in_any_public_channel(client, newsroom):
    public, hidden_stories = newsroom
    pages = crawl(client, public)
    assert any("/sitemaps/articles/" in url for url in pages)
    for url, text in pages.items():
        if url not in ("/robots.txt", "/sitemap.xml", "/sitemaps/fronts.xml"):
            assert public.slug in text or public.guid in text, f"the crawl did not reach {url}'s stories"
        for state, story in hidden_stories.items():
            for secret in secrets_of(story):
                assert secret not in text, f"{state} story leaked through {url}: {secret!r}"


def test_metadata_of_the_public_story_names_no_hidden_story(client, newsroom):
    public, hidden_stories = newsroom
    html = client.get(public.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    meta = "\n".join(re.findall(r"<meta [^>]+>", html))
    related = html[html.index('id="related-title"'):] if 'id="related-title"' in html else ""
    assert "Another public ferry story" in related and blocks and meta
    for text in [*blocks, meta, related]:
        for story in hidden_stories.values():
            assert all(secret not in text for secret in secrets_of(story))
    assert json.loads(blocks[0])["headline"] == public.headline


def test_hidden_stories_answer_not_found_or_gone_by_address_and_by_guid(client, newsroom):
    _, hidden_stories = newsroom
    for state, story in hidden_stories.items():
        story = Article.objects.get(pk=story.pk)
        expected = 410 if state == "withdrawn" else 404
        for url in (story.get_absolute_url(), f"/api/ninjs/articles/{story.guid}/"):
            response = client.get(url)
            assert response.status_code == expected, (state, url)
            assert story.headline not in response.content.decode()
            assert f"Secret {state} body text" not in response.content.decode()
