"""How PostgreSQL searches a large archive (articles/search/postgres.py): it counts up to a bound,
ranks the newest matches of a common word, looks back by year lexemes, tests very common words row
by row. Each strategy must give the answer a plain look at every match gives."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.search import NEWEST, RELEVANCE, Filters, search
from tests import factories
from tests.test_search import DAY, NOW, _orm_matches, find, headlines

pytestmark = pytest.mark.django_db


def test_postgresql_ranks_the_newest_matches_of_a_very_common_word(monkeypatch):
    """At a million stories PostgreSQL does not count or rank every match of a very common word:
    it ranks the newest RANK_WINDOW matches and counts facets among them. SQLite (small sites)
    always counts and ranks everything, so this is PostgreSQL's alone."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite counts and ranks every match")
    from articles.search import postgres
    from articles.search import results as results_module

    monkeypatch.setattr(postgres, "COUNT_SKIP", 0)  # treat every word as very common
    monkeypatch.setattr(postgres, "RANK_WINDOW", 3)
    monkeypatch.setattr(results_module, "COUNT_LIMIT", 3)
    factories.published("Comet comet comet", body="A comet.", at=NOW - 30 * DAY)  # best text, oldest
    for n in range(1, 5):
        factories.published(f"Sky report {n}", body="A comet" + " and a comet" * (n % 2), at=NOW - n * DAY)
    first, second = (search(Article.objects.all(), "comet", per_page=2, page=p) for p in (1, 2))
    assert first.total_display == "3+" and not first.facets_exact and first.ranked_window == 3
    assert first.num_pages == 2 and len(second.hits) == 1
    assert set(headlines(first) + headlines(second)) == {"Sky report 1", "Sky report 2", "Sky report 3"}
    assert headlines(first)[0] == "Sky report 1"  # two mentions and the newest
    results = first
    assert sum(f.count for f in results.facets["status"]) == 3
    # Several words are counted first (their estimate runs low), then ranked the same way.
    both = search(Article.objects.all(), "sky comet", per_page=5)
    assert both.total_display == "3+" and both.ranked_window == 3
    assert set(headlines(both)) == {"Sky report 1", "Sky report 2", "Sky report 3"}
    monkeypatch.setattr(postgres, "TOGETHER_SKIP", 0)  # or not counted, when guessed to be many
    uncounted = search(Article.objects.all(), "sky comet", per_page=5)
    assert (uncounted.total_display, headlines(uncounted)) == (both.total_display, headlines(both))
    # Fewer matches than the window: then the total is exact after all.
    assert search(Article.objects.all(), '"comet comet"').total == 1
    assert search(Article.objects.all(), "sky -comet").total == 0


def test_postgresql_answers_the_same_when_a_word_is_too_common_for_the_index(monkeypatch, archive):
    """A word in a large share of all stories is tested story by story, newest first, instead of
    through the index; the answers (order, totals, facets, filters) must not change."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite always uses its index")
    from django.test.utils import CaptureQueriesContext

    from articles.search import postgres

    factories.published("Harbour ferry strike", body="The harbour crews walked out.")
    factories.published("Storm closes the harbour", body='Ships stayed in the "harbour basin".')
    cases = [("harbour", Filters()), ("harbour", Filters(section_id=archive["world"].pk)),
             ('"harbour basin"', Filters()), ("harbour -ferry", Filters()), ("harbour OR ferry", Filters()),
             ("-ferry", Filters())]

    def answers():
        return [(headlines(r), r.total, {k: [(f.value, f.count) for f in v] for k, v in r.facets.items()})
                for r in (search(Article.objects.all(), text, filters=f, per_page=50) for text, f in cases)]

    indexed = answers()
    monkeypatch.setattr(postgres, "DENSE_SHARE", 0.0)
    monkeypatch.setattr(postgres, "_table_stats", lambda cursor, using: (1_000_000, 1, None))
    with CaptureQueriesContext(connection) as queries:
        assert answers() == indexed
    assert any("ts_match_vq" in q["sql"] for q in queries.captured_queries)  # the other path was taken
    assert indexed[0][1] == _orm_matches().count() and indexed[2][0] == ["Storm closes the harbour"]


def test_postgresql_window_looks_back_by_year_and_finds_the_same(monkeypatch):
    """Ranking a common word looks first at recent years only (the documents' year lexemes, migration
    0012), widening when too few turn up; the answer must be the one a look at every match gives,
    a story dated in a later year than any other included."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite ranks every match")
    from articles.models import SearchDocument
    from articles.search import postgres
    from articles.search import results as results_module

    for years in range(12):
        factories.published(f"Kelp survey {years}", body="Kelp beds" + " and kelp" * (years % 3),
                            at=NOW - datetime.timedelta(days=365 * years + 40))
    ahead = factories.article("Kelp forecast", body="Kelp next season.")
    Article.objects.filter(pk=ahead.pk).update(publish_at=NOW + datetime.timedelta(days=800))  # dated two years on
    postgres.flush_pending("default")  # documents are written at commit; this test never commits
    bounds = sorted(SearchDocument.objects.values_list("sort_at", flat=True))
    assert len(bounds) == 13
    monkeypatch.setattr(postgres, "_table_stats", lambda cursor, using: (1_000_000, 1, bounds))
    monkeypatch.setattr(postgres, "_estimate", lambda cursor, where, params: 1000)  # as if common
    monkeypatch.setattr(postgres, "COUNT_SKIP", 0)
    monkeypatch.setattr(postgres, "RANK_WINDOW", 2)
    monkeypatch.setattr(results_module, "COUNT_LIMIT", 2)

    years_ago = (NOW - datetime.timedelta(days=365 * 8)).date(), (NOW - datetime.timedelta(days=365 * 5)).date()

    def answers():
        with CaptureQueriesContext(connection) as queries:
            found = []
            for sort in (RELEVANCE, NEWEST):
                results = search(Article.objects.all(), "kelp", sort=sort, per_page=2)
                found.append((headlines(results), results.total_display,
                              {f.value: f.count for f in results.facets["year"]}))
            # A date filter: cutoffs after its end are skipped (they could hold nothing).
            dated = search(Article.objects.all(), "kelp", filters=Filters(date_from=years_ago[0], date_to=years_ago[1]))
            found.append(headlines(dated))
        return found, [q["sql"] for q in queries.captured_queries if "WITH n AS" in q["sql"]]

    by_year, windows = answers()
    assert all("articles_search_years" in sql for sql in windows[:2])  # this year on was enough
    assert len(windows) == 3  # and the dated search went straight to its years
    assert sorted(by_year[2]) == ["Kelp survey 5", "Kelp survey 6"]
    monkeypatch.setattr(postgres, "YEARS_SHARE", 0.0)  # as if the cutoffs reached far back: on the date
    by_date, windows = answers()
    assert all("articles_search_years" not in sql for sql in windows)
    assert all(f"{postgres.ROW_DATE} >=" in sql for sql in windows[:2])
    assert "d.sort_at >=" in windows[2]  # the dated search: its own filter, which an index may serve
    monkeypatch.setattr(postgres, "_cutoff", lambda bounds, share: None)  # every match at once
    assert by_year == by_date == answers()[0]
    assert set(by_year[0][0]) == {"Kelp forecast", "Kelp survey 0"}
    assert by_year[1][0] == ["Kelp forecast", "Kelp survey 0"]
    # Readers, through the same looking back by year: the visibility rule still decides.
    monkeypatch.undo()
    monkeypatch.setattr(postgres, "_table_stats", lambda cursor, using: (1_000_000, 1, bounds))
    monkeypatch.setattr(postgres, "_estimate", lambda cursor, where, params: 1000)
    monkeypatch.setattr(postgres, "COUNT_SKIP", 0)
    monkeypatch.setattr(postgres, "RANK_WINDOW", 2)
    with CaptureQueriesContext(connection) as queries:
        public = search(Article.objects.public(), "kelp", per_page=2, facets=False)
    assert any("articles_search_years" in q["sql"] for q in queries.captured_queries)
    assert set(headlines(public)) == {"Kelp survey 0", "Kelp survey 1"}  # the draft dated ahead is not there


def test_postgresql_document_year_follows_the_story_and_cannot_be_typed():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from articles.search import postgres

    story = factories.published("Tide tables", body="High water.", at=NOW - datetime.timedelta(days=365 * 3))

    def years():
        postgres.flush_pending("default")  # documents are written at commit; this test never commits
        with connection.cursor() as cursor:
            cursor.execute("SELECT array(SELECT l FROM unnest(tsvector_to_array(document)) l WHERE l LIKE '§y%%') "
                           "FROM articles_searchdocument WHERE article_id = %s", [story.pk])
            return cursor.fetchone()[0]

    assert years() == [f"§y{story.publish_at.astimezone(datetime.timezone.utc).year}"]
    Article.objects.filter(pk=story.pk).update(publish_at=NOW)
    assert years() == [f"§y{NOW.astimezone(datetime.timezone.utc).year}"]
    for typed in (f"§y{NOW.year}", f"y{NOW.year}", f'"§y{NOW.year}"'):
        assert find(typed) == []
    assert find("tide") == ["Tide tables"]


def test_postgresql_readers_window_checks_the_rule_on_the_stories_it_keeps(monkeypatch):
    """Readers' search (public_at) picks the window among stories the search table says could be
    public, then checks the visibility rule on those alone: an embargoed story, which the table
    cannot tell from a public one, takes a place in the window but is never shown."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite checks the rule on every match")
    from django.utils import timezone

    from articles.search import postgres
    from articles.search import results as results_module

    for n in range(4):
        factories.published(f"Lichen survey {n}", body="Lichen on the rocks.", at=NOW - (n + 1) * DAY)
    factories.published("Lichen embargoed", body="Lichen in the lab.", embargo_until=NOW + DAY)  # live an hour ago
    factories.article("Lichen draft", body="Lichen draft text.")
    factories.published("Lichen scheduled", body="Lichen next week.", at=NOW + 7 * DAY)
    monkeypatch.setattr(postgres, "_estimate", lambda cursor, where, params: 1000)  # as if common
    monkeypatch.setattr(postgres, "COUNT_SKIP", 0)
    monkeypatch.setattr(postgres, "RANK_WINDOW", 3)
    monkeypatch.setattr(results_module, "COUNT_LIMIT", 3)
    now = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        fast = search(Article.objects.public(now), "lichen", public_at=now, facets=False)
    windows = [q["sql"] for q in queries.captured_queries if "WITH n AS" in q["sql"]]
    assert windows and all("n.article_id IN" in sql for sql in windows)  # the rule, after the window
    # The newest three that could be public: the embargoed story, surveys 0 and 1; the rule keeps two.
    assert set(headlines(fast)) == {"Lichen survey 0", "Lichen survey 1"}
    assert fast.total_display == "3+" and fast.ranked_window == 3
    plain = search(Article.objects.public(now), "lichen", facets=False)  # the rule on every match read
    assert set(headlines(plain)) == {"Lichen survey 0", "Lichen survey 1", "Lichen survey 2"}
    staff = search(Article.objects.all(), "lichen", public_at=None, facets=False)
    assert "Lichen draft" in headlines(staff)
