"""The article page: content, related stories, corrections, 410 for withdrawn, 301 from old addresses."""
import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleURL
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def rename(story, new_slug):
    """What the admin does when an editor changes a published story's slug: keep the old address."""
    ArticleURL.objects.get_or_create(pub_date=story.pub_date, slug=story.slug, defaults={"article": story})
    story.slug = new_slug
    story.save()
    return story


def test_article_page_shows_the_story_with_its_credits(client):
    story = factories.published("Harbour vote", bylines=("Ines Vasquez", "Mei Tanaka"), agencies=("AFP",),
                                tags=("Libraries",), dateline_place="Porto", standfirst="Councillors agreed.")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<h1>Harbour vote</h1>" in html and html.count("<h1") == 1
    assert "Councillors agreed." in html
    assert 'href="/bylines/ines-vasquez/">Ines Vasquez</a> and <a rel="author" href="/bylines/mei-tanaka/">' in html
    assert 'href="/agencies/afp/">Agence France-Presse</a>' in html
    assert '<span class="dateline">PORTO (AFP) —</span>' in html
    assert 'href="/tags/libraries/" rel="tag">Libraries</a>' in html


def test_updated_time_shows_only_when_changed_after_publication(client, editor, time_machine):
    story = factories.published("Fresh story", at=timezone.now() - HOUR)
    assert "Updated" not in client.get(story.get_absolute_url()).content.decode()
    time_machine.move_to(timezone.now() + HOUR)
    story = factories.correct(story, "The vote was 31 to 9.")
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'· Updated <time datetime="{story.updated_at.isoformat()}' in html.replace("+00:00", "+00:00")


def test_corrections_show_with_their_type_and_date(client):
    story = factories.published("Corrected story")
    factories.correct(story, "An earlier version gave the wrong date.")
    factories.correct(story, "The mayor spoke on Tuesday, not Monday.", kind="clarification")
    html = client.get(story.get_absolute_url()).content.decode()
    first = html.index("<strong>Correction</strong>")
    second = html.index("<strong>Clarification</strong>")
    assert first < second  # oldest first, like a paper's record
    assert "An earlier version gave the wrong date." in html and "not Monday." in html
    assert html.count('<li id="correction-') == 2


def test_related_stories_share_tags_and_are_public_only(client, editor):
    story = factories.published("Main story", tags=("Energy", "Grid"))
    both = factories.published("Shares two tags", tags=("Energy", "Grid"), at=timezone.now() - 3 * HOUR)
    one = factories.published("Shares one tag", tags=("Grid",), at=timezone.now() - 2 * HOUR)
    factories.published("Shares nothing", tags=("Sport",))
    factories.article("Draft with tags", tags=("Energy", "Grid"))
    scheduled = factories.article("Scheduled with tags", tags=("Energy",))
    transition(scheduled, "schedule", user=editor, at=timezone.now() + HOUR)
    html = client.get(story.get_absolute_url()).content.decode()
    related = html[html.index('id="related-title"'):]
    assert related.index(both.headline) < related.index(one.headline)  # most shared tags first
    assert "Shares nothing" not in related and "Draft with tags" not in html and "Scheduled with tags" not in html


def test_withdrawn_story_answers_410_with_the_notice_only(client, editor):
    story = factories.published("Withdrawn headline", body="Body that must go.")
    story = transition(story, "withdraw", user=editor, note="Withdrawn on legal advice.")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Withdrawn on legal advice." in html
    assert "Withdrawn headline" not in html and "Body that must go." not in html


def test_old_addresses_redirect_to_the_current_one_after_several_renames(client):
    story = factories.published("First headline")
    first = story.get_absolute_url()
    story = rename(story, "second-headline")
    second = story.get_absolute_url()
    story = rename(story, "third-headline")
    current = story.get_absolute_url()
    for old in (first, second):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == current  # straight to the current address, no chain
    assert client.get(current).status_code == 200


def test_renaming_back_to_an_old_slug_serves_the_story_there(client):
    story = factories.published("Original")
    original = story.get_absolute_url()
    story = rename(story, "interim")
    interim = story.get_absolute_url()
    story = rename(story, ArticleURL.objects.get(article=story).slug)
    assert story.get_absolute_url() == original
    assert client.get(original).status_code == 200
    assert client.get(interim)["Location"] == original


def test_old_address_of_a_withdrawn_story_is_gone_without_revealing_the_new_one(client, editor):
    story = factories.published("Before rename")
    old = story.get_absolute_url()
    story = rename(story, "secret-new-slug")
    transition(story, "withdraw", user=editor, note="Taken down.")
    response = client.get(old)
    assert response.status_code == 410
    assert "secret-new-slug" not in response.content.decode()


def test_old_address_of_a_story_that_is_not_public_is_not_found(client, editor):
    story = factories.published("Will be unpublished")
    old = story.get_absolute_url()
    story = rename(story, "renamed")
    transition(story, "withdraw", user=editor, note="Gone.")
    transition(story, "reopen", user=editor)
    assert client.get(old).status_code == 404


def test_unknown_date_or_story_is_404(client):
    assert client.get("/2025/02/30/anything/").status_code == 404
    assert client.get("/2025/02/03/anything/").status_code == 404


@pytest.mark.parametrize("extra", [0, 6])
def test_article_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, extra, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    names = [f"Writer {n}" for n in range(1 + extra)]
    tags = [f"Topic {n}" for n in range(1 + extra)]
    story = factories.published("Counted", bylines=names, tags=tags, agencies=("AFP", "AP")[: 1 + min(extra, 1)])
    for n in range(1 + extra):
        factories.correct(story, f"Correction {n}.")
        factories.published(f"Related {n}", tags=tags[:1])
    story.refresh_from_db()
    # First view: story, the story with section and picture, bylines+people, agencies, tags,
    # corrections, related candidates, menu sections, storing the precomputed page, related
    # stories still public.
    with django_assert_num_queries(10):
        assert client.get(story.get_absolute_url()).status_code == 200
    # Then: the story with its precomputed page, and which related stories are still public.
    with django_assert_num_queries(2):
        assert client.get(story.get_absolute_url()).status_code == 200
