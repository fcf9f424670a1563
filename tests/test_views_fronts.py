"""Fronts: home, section, tag, byline, agency and day listings; pagination; empty states."""
import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Agency, Person
from articles.views.fronts import HOME_PER_SECTION, PAGE_SIZE
from tests import factories

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def headlines(html):
    return re.findall(r'class="teaser-headline"><a href="[^"]+">([^<]+)</a>', html)


def test_home_leads_with_the_latest_story_then_sections(client):
    world, sport = factories.section("World"), factories.section("Sport", "sport")
    sport.position = 2
    sport.save()
    now = timezone.now()
    for n in range(10):
        factories.published(f"World {n}", section_obj=world, at=now - (n + 1) * HOUR)
        factories.published(f"Sport {n}", section_obj=sport, at=now - (n + 1) * HOUR - datetime.timedelta(minutes=30))
    html = client.get("/").content.decode()
    lead = html[html.index('aria-label="Top story"'):html.index('id="latest-title"')]
    assert "World 0" in lead
    blocks = html[html.index('class="front-section"'):]
    assert blocks.index(">World</a></h2>") < blocks.index(">Sport</a></h2>")  # section order
    shown = headlines(blocks)
    assert len([h for h in shown if h.startswith("World")]) == HOME_PER_SECTION
    assert len(shown) == len(set(shown))  # nothing twice


def test_home_without_stories_says_so(client):
    html = client.get("/").content.decode()
    assert "No stories have been published yet." in html


def test_section_front_is_paginated_newest_first_with_rel_links(client):
    world = factories.section("World")
    moment = timezone.now() - HOUR
    stories = [factories.published(f"Same time {n}", section_obj=world, at=moment) for n in range(PAGE_SIZE + 3)]
    first = client.get("/world/").content.decode()
    second = client.get("/world/?page=2").content.decode()
    # Same publication time: ordered by pk, newest first, the same on every request.
    expected = [s.headline for s in sorted(stories, key=lambda s: -s.pk)]
    assert headlines(first) + headlines(second) == expected
    assert '<link rel="next" href="/world/?page=2">' in first and 'rel="prev"' not in first
    assert '<link rel="prev" href="/world/">' in second and '<link rel="next"' not in second
    assert client.get("/world/?page=3").status_code == 404
    assert client.get("/world/?page=x").status_code == 404


def test_empty_section_says_so(client):
    factories.section("Science", "science")
    html = client.get("/science/").content.decode()
    assert "No published stories here yet." in html and 'name="robots" content="noindex"' in html


def test_tag_page_lists_public_stories_and_hides_tags_only_drafts_use(client):
    factories.published("Tagged and public", tags=("Rivers",))
    factories.article("Tagged draft", tags=("Secret merger",))
    html = client.get("/tags/rivers/").content.decode()
    assert headlines(html) == ["Tagged and public"]
    assert client.get("/tags/secret-merger/").status_code == 404


def test_byline_page_shows_bio_agency_and_stories(client):
    afp = Agency.objects.get(short_name="AFP")
    Person.objects.create(name="Jonah Becker", slug="jonah-becker", bio="Jonah covers cycling.", agency=afp)
    factories.published("Climber wins stage", bylines=("Jonah Becker",))
    factories.published("Someone else's story")
    html = client.get("/bylines/jonah-becker/").content.decode()
    assert "<h1>Jonah Becker</h1>" in html and "Jonah covers cycling." in html
    assert 'href="/agencies/afp/">Agence France-Presse</a>' in html
    assert headlines(html) == ["Climber wins stage"]


def test_byline_without_stories_says_so(client):
    Person.objects.create(name="New Hire", slug="new-hire", bio="Joined this week.")
    html = client.get("/bylines/new-hire/").content.decode()
    assert "New Hire has no published stories yet." in html


def test_agency_page_lists_its_stories(client):
    factories.published("Wire copy", agencies=("Reuters",))
    factories.published("Staff copy")
    html = client.get("/agencies/reuters/").content.decode()
    assert headlines(html) == ["Wire copy"] and "https://www.reuters.com" in html


def test_day_archive_lists_that_day_with_links_to_neighbouring_days(client):
    now = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    days = [now - datetime.timedelta(days=n) for n in (10, 5, 2)]
    for n, moment in enumerate(days):
        factories.published(f"Day story {n}", at=moment)
    middle = timezone.localdate(days[1])
    html = client.get(f"/{middle:%Y/%m/%d}/").content.decode()
    assert headlines(html) == ["Day story 1"]
    assert f'href="/{timezone.localdate(days[0]):%Y/%m/%d}/"' in html
    assert f'href="/{timezone.localdate(days[2]):%Y/%m/%d}/"' in html
    empty = client.get(f"/{middle - datetime.timedelta(days=1):%Y/%m/%d}/").content.decode()
    assert "No stories were published on this day." in empty
    assert client.get("/2025/13/01/").status_code == 404


def test_search_form_in_header_works_without_javascript(client):
    html = client.get("/").content.decode()
    form = html[html.index('<form class="search-form"'):html.index("</form>")]
    assert 'action="/search/"' in form and 'method="get"' in form and 'name="q"' in form
    assert '<label for="site-search">' in form


@pytest.mark.parametrize("extra", [0, 5])
def test_fronts_run_a_fixed_number_of_queries(client, django_assert_num_queries, extra, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    sections = [factories.section(f"Section {n}", f"section-{n}") for n in range(2 + extra)]
    for n in range(3 + 10 * extra):
        factories.published(f"Story {n}", section_obj=sections[n % len(sections)],
                            bylines=[f"Writer {k}" for k in range(1 + n % 3)], agencies=("AFP", "AP")[: n % 3],
                            tags=[f"T{k}" for k in range(n % 4)])
    # latest, section blocks, bylines, agencies, menu, next go-live
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200
    # section, count, page, bylines, agencies, menu, next go-live
    with django_assert_num_queries(7):
        assert client.get("/section-0/").status_code == 200
