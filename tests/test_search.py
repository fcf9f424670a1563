"""Known-answer tests for the one search function, on SQLite and PostgreSQL alike.

The stories are written for these tests; each test says what a desk editor would expect.
"""
import datetime

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Agency, Article, Status
from articles.search import NEWEST, OLDEST, Filters, newest_matches, search, search_public
from articles.workflow import transition
from tests import factories

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = datetime.timedelta(days=1)


def headlines(results):
    return [hit.article.headline for hit in results.hits]


def find(text, queryset=None, **kwargs):
    return headlines(search(queryset if queryset is not None else Article.objects.all(), text, **kwargs))


@pytest.fixture
def desk():
    """A small archive: same day unless said otherwise, so text decides the order."""
    when = NOW - DAY
    factories.published("Leaders gather for the climate summit", body="Delegates met at the climate summit in Lisbon.",
                        at=when)
    factories.published("Heatwave tests the grid", body="The climate is changing, a minister said. Later, at the "
                        "summit of the hill, engineers inspected the lines.", at=when)
    factories.published("Ferry strike halts island crossings", body="The ferry crews walked out at dawn.", at=when)
    factories.published("New ferry route opens", body="A ferry now links the two harbours.", at=when)
    factories.published("Copper prices climb", body="Traders bought metal all week.", at=when)
    factories.published("Markets round-up", body="Copper rose. Copper miners gained. Gold slipped.", at=when)
    factories.published("Svetlana Tikhanovskaïa visits Montréal", body="The opposition leader met students.",
                        at=when, dateline_place="Montréal")
    factories.published("Shipping rates rise", body="Freight costs went up.", at=when)
    factories.published("Ships collide off the coast", body="Nobody was hurt.", at=when)


def test_phrase_query_finds_the_story_with_the_phrase_first(desk):
    assert find('"climate summit"')[0] == "Leaders gather for the climate summit"
    # Without quotes the words may stand apart: both stories match, the phrase story still first.
    assert find("climate summit") == ["Leaders gather for the climate summit", "Heatwave tests the grid"]
    # With quotes they must stand together.
    assert find('"climate summit"') == ["Leaders gather for the climate summit"]


def test_exclusion_drops_stories(desk):
    assert set(find("ferry")) == {"Ferry strike halts island crossings", "New ferry route opens"}
    assert find("ferry -strike") == ["New ferry route opens"]
    assert find('ferry -"walked out"') == ["New ferry route opens"]


def test_or_widens(desk):
    assert set(find("heatwave OR strike")) == {"Heatwave tests the grid", "Ferry strike halts island crossings"}


def test_headline_match_outranks_body_matches(desk):
    assert find("copper") == ["Copper prices climb", "Markets round-up"]


@pytest.mark.parametrize("query", ["Tikhanovskaia", "TIKHANOVSKAÏA", "tikhanovskaïa", "montreal", "MONTRÉAL",
                                   "svetlana tikhanovskaia"])
def test_accents_and_capitals_do_not_matter(desk, query):
    assert find(query) == ["Svetlana Tikhanovskaïa visits Montréal"]


def test_stemming_finds_other_forms_and_exact_form_ranks_first(desk):
    # "shipping" and "ships" share a stem on both databases; the exact form is boosted.
    assert find("shipping") == ["Shipping rates rise", "Ships collide off the coast"]
    assert find("ships") == ["Ships collide off the coast", "Shipping rates rise"]


def test_yesterday_beats_1987_at_equal_relevance():
    old = factories.published("Harbour reopens after storm", body="The harbour is open.", at=NOW.replace(year=1987))
    new = factories.published("Harbour reopens after storm ", body="The harbour is open.", at=NOW - DAY)
    results = search(Article.objects.all(), "harbour")
    assert [hit.article for hit in results.hits] == [new, old]
    assert results.hits[0].score > results.hits[1].score


def test_names_bylines_agencies_and_tags_are_searchable():
    factories.published("Budget vote delayed", bylines=["José Álvarez"], agencies=["AFP"], tags=["Public finance"])
    factories.published("Unrelated story", bylines=["Ada Reporter"])
    for query in ["jose alvarez", "ÁLVAREZ", "Agence France-Presse", "AFP", '"public finance"']:
        assert find(query) == ["Budget vote delayed"], query


def test_snippets_mark_the_matched_words_and_escape_the_text():
    factories.published("Council <b>approves</b> the tramway", body="After a long debate the council approved "
                        "the tramway & its <script>depot</script>, opening in 2031.")
    hit = search(Article.objects.all(), "tramway").hits[0]
    assert "<mark>tramway</mark>" in hit.headline_html and "&lt;b&gt;" in hit.headline_html
    assert "<mark>tramway</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html


def test_empty_query_lists_the_newest_and_sorts_work():
    for age, headline in [(3, "Three days old"), (1, "One day old"), (2, "Two days old")]:
        factories.published(headline, body="Same words.", at=NOW - age * DAY)
    assert find("") == ["One day old", "Two days old", "Three days old"]
    assert find("words", sort=OLDEST) == ["Three days old", "Two days old", "One day old"]
    assert find("words", sort=NEWEST) == ["One day old", "Two days old", "Three days old"]


def test_pages_cover_every_match_once():
    for n in range(25):
        factories.published(f"Lighthouse report {n}", body="The lighthouse keeper wrote.", at=NOW - n * DAY)
    first = search(Article.objects.all(), "lighthouse", per_page=10)
    assert first.total == 25 and first.num_pages == 3 and first.has_next
    seen = [h.article.pk for p in (1, 2, 3) for h in search(Article.objects.all(), "lighthouse", per_page=10, page=p).hits]
    assert len(seen) == len(set(seen)) == 25


@pytest.mark.parametrize("query", ['"', "-", "--x", 'a "b', "OR", "AND NOT", "*", "col:x", "NEAR(a b)", "^x",
                                   "x\x00y", "((", "\\", "'; DROP TABLE articles_article; --", "😀", "   "])
def test_malformed_queries_never_raise(desk, query):
    results = search(Article.objects.all(), query)
    assert results.total >= 0


def test_only_exclusions_means_everything_else(desk):
    found = set(find("-ferry -copper -ships -shipping", per_page=50))
    assert "New ferry route opens" not in found and "Copper prices climb" not in found
    assert "Heatwave tests the grid" in found


# --- staff and reader: what each may see ---------------------------------------------------

def _story_in_every_state(editor):
    """One story per state, all about zeppelins; only the first is public."""
    factories.published("Public zeppelin story", body="Zeppelin text everyone may read.")
    factories.article("Draft zeppelin story", body="Secret zeppelin draft text.")
    transition(factories.article("Submitted zeppelin story", body="Secret zeppelin text."), "submit", user=None)
    approved = transition(factories.article("Approved zeppelin story", body="Secret zeppelin text."), "submit", user=None)
    transition(approved, "approve", user=editor)
    transition(factories.article("Scheduled zeppelin story", body="Secret zeppelin text."), "schedule", user=editor,
               at=timezone.now() + DAY)
    factories.published("Embargoed zeppelin story", body="Secret zeppelin text.", embargo_until=timezone.now() + DAY)
    withdrawn = factories.published("Withdrawn zeppelin story", body="Secret zeppelin withdrawn text.")
    transition(withdrawn, "withdraw", user=editor, note="Legal advice.")


def test_staff_find_a_withdrawn_story_with_its_status_readers_never_do(editor):
    _story_in_every_state(editor)
    staff = search(Article.objects.all(), "zeppelin", per_page=50)
    assert staff.total == 7
    withdrawn = next(h for h in staff.hits if h.article.headline == "Withdrawn zeppelin story")
    assert withdrawn.article.status == Status.WITHDRAWN
    assert staff.facets["status"] and {f.value: f.count for f in staff.facets["status"]}[Status.WITHDRAWN] == 1
    readers = search(Article.objects.public(), "zeppelin", per_page=50)
    assert headlines(readers) == ["Public zeppelin story"] and readers.total == 1
    assert {f.value for f in readers.facets["status"]} == {Status.PUBLISHED}


def test_readers_search_passing_over_what_cannot_be_public_finds_what_the_rule_finds(editor):
    """The reader page tells the search the moment of its visibility rule (public_at), so the search
    table can pass over drafts and scheduled stories at once; the rule still decides, so the
    embargoed story (published, live, but under embargo) stays out."""
    _story_in_every_state(editor)
    now = timezone.now()
    for text in ("zeppelin", '"zeppelin text"', "secret OR everyone", "zeppelin -secret"):
        fast = search(Article.objects.public(now), text, per_page=50, public_at=now)
        assert (headlines(fast), fast.total) == (["Public zeppelin story"], 1), text
    assert headlines(search_public("zeppelin")) == headlines(search(Article.objects.public(now), "zeppelin"))
    # A moment before the story went live can only hide it, never show more (SQLite checks the
    # rule on every match and has no use for the moment).
    early = search(Article.objects.public(now), "zeppelin", public_at=now - 2 * DAY)
    assert headlines(early) == ([] if connection.vendor == "postgresql" else ["Public zeppelin story"])


def test_search_only_narrows_the_queryset_it_is_given(desk):
    ferries = Article.objects.filter(headline__startswith="New")
    assert find("ferry", queryset=ferries) == ["New ferry route opens"]
    ferry_ids = set(Article.objects.filter(headline__icontains="ferry").values_list("pk", flat=True))
    assert set(newest_matches(Article.objects.all(), "ferry", 50)) == ferry_ids  # the article list's box
    assert set(newest_matches(ferries, "ferry", 50)) == set(ferries.filter(pk__in=ferry_ids).values_list("pk", flat=True))


# --- filters and facets agree with plain queries ------------------------------------------

def _orm_matches():
    return Article.objects.filter(Q(headline__icontains="harbour") | Q(body__icontains="harbour"))


def test_facets_agree_with_plain_counts(archive):
    results = search(Article.objects.all(), "harbour")
    expected = _orm_matches()
    assert results.total == expected.count() == 7 and results.facets_exact
    sections = {f.value: f.count for f in results.facets["section"]}
    assert sections == {row["section"]: row["n"] for row in expected.values("section").annotate(n=Count("id"))}
    statuses = {f.value: f.count for f in results.facets["status"]}
    assert statuses == {row["status"]: row["n"] for row in expected.values("status").annotate(n=Count("id"))}
    agencies = {f.value: f.count for f in results.facets["agency"]}
    assert agencies == {row["agencies"]: row["n"] for row in
                        expected.filter(agencies__isnull=False).values("agencies").annotate(n=Count("id"))}
    years = {f.value: f.count for f in results.facets["year"]}
    dates = [timezone.localtime(a.publish_at or a.created_at).year for a in expected]
    assert years == {year: dates.count(year) for year in set(dates)}
    # Labels and links are the names and slugs the desk knows (an agency by its credit).
    shown = {(name, f.value): (f.label, f.slug) for name in ("section", "agency") for f in results.facets[name]}
    assert shown == {("section", s.pk): (s.name, s.slug) for s in (archive["world"], archive["business"])} | {
        ("agency", a.pk): (a.credit, a.slug) for a in (archive["afp"], archive["reuters"])}


def test_each_filter_agrees_with_plain_queries(archive):
    from taggit.models import Tag

    ana = Article.objects.filter(bylines__person__name="Ana Lima").first().bylines.first().person
    ports = Tag.objects.get(name="Ports")
    two_years_ago = (NOW - datetime.timedelta(days=365 * 2 + 10)).date()
    cases = [
        (Filters(section_id=archive["world"].pk), Q(section=archive["world"])),
        (Filters(agency_id=archive["reuters"].pk), Q(agencies=archive["reuters"])),
        (Filters(person_id=ana.pk), Q(bylines__person=ana)),
        (Filters(tag_id=ports.pk), Q(tags=ports)),
        (Filters(status=Status.DRAFT), Q(status=Status.DRAFT)),
        (Filters(language="fr"), Q(language="fr")),
        (Filters(urgency=5), Q(urgency=5)),
        (Filters(date_from=two_years_ago, date_to=two_years_ago), Q(publish_at__date=two_years_ago)),
        (Filters(section_id=archive["business"].pk, agency_id=archive["afp"].pk),
         Q(section=archive["business"], agencies=archive["afp"])),
    ]
    for filters, condition in cases:
        expected = set(_orm_matches().filter(condition).values_list("headline", flat=True))
        results = search(Article.objects.all(), "harbour", filters=filters, per_page=50)
        assert set(headlines(results)) == expected and results.total == len(expected), filters
        assert expected  # every case selects something


def test_total_is_exact_up_to_the_limit_then_shown_as_a_floor(monkeypatch):
    from articles.search import results as results_module

    monkeypatch.setattr(results_module, "COUNT_LIMIT", 3)
    for n in range(5):
        factories.published(f"Glacier report {n}", body="Ice.")
    results = search(Article.objects.all(), "glacier")
    assert results.total > 3 and not results.total_is_exact and results.total_display == "3+"
    assert search(Article.objects.all(), "glacier", filters=Filters(urgency=1)).total_display == "0"


# --- the index stays fresh ----------------------------------------------------------------

def test_document_follows_raw_sql_updates():
    story = factories.published("Quiet day", body="Nothing happened.")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET body = %s WHERE id = %s", ["A volcano erupted.", story.pk])
    assert find("volcano") == ["Quiet day"]
    assert find("nothing happened") == []


def test_document_follows_bylines_tags_and_agencies():
    from articles.editing import set_bylines
    from articles.models import Person

    story = factories.published("Rail tender awarded", bylines=["Ada Reporter"])
    set_bylines(story, [(Person.objects.create(name="Zoë Kowalczyk"), "")])
    assert find("zoe kowalczyk") == ["Rail tender awarded"] and find("Ada Reporter") == []
    story.tags.add("Infrastructure")
    assert find("infrastructure") == ["Rail tender awarded"]
    story.agencies.add(Agency.objects.get(short_name="dpa"))
    assert find("Deutsche Presse-Agentur") == ["Rail tender awarded"]
    story.agencies.clear()
    story.tags.clear()
    assert find("dpa") == [] and find("infrastructure") == []


def test_document_follows_renamed_people_tags_and_agencies():
    from taggit.models import Tag

    story = factories.published("Bridge inspection", bylines=["Old Name"], tags=["Roads"], agencies=["ANSA"])
    story.bylines.first().person.__class__.objects.filter(name="Old Name").update(name="Nadia Brightwater")
    Tag.objects.filter(name="Roads").update(name="Motorways")
    Agency.objects.filter(short_name="ANSA").update(short_name="ANSAX")
    assert find("brightwater") == find("motorways") == find("ansax") == ["Bridge inspection"]
    assert find("roads") == []


def test_deleted_story_leaves_the_index():
    story = factories.article("Short-lived draft", body="Ephemeral text.")
    story.delete()
    assert find("ephemeral") == []


def test_total_beyond_the_bound_reads_as_one_thousand_plus():
    """Exact up to 1,000 matches, then "1,000+" (unless a site sets SEARCH_COUNT_LIMIT)."""
    import os

    from articles.search import SearchResults
    from articles.search import results as results_module

    if "SEARCH_COUNT_LIMIT" not in os.environ:
        assert results_module.COUNT_LIMIT == 1000
    limit = results_module.COUNT_LIMIT
    exact, floor = (SearchResults(hits=[], total=n, page=1, per_page=20) for n in (limit, limit + 1))
    assert exact.total_display == f"{limit:,}" and exact.total_is_exact and exact.facets_exact
    assert floor.total_display == f"{limit:,}+" and not floor.facets_exact
    assert floor.facets_basis == f"the first {limit:,} matches found"


def test_result_lines_carry_section_writers_and_credits_without_more_queries(django_assert_num_queries):
    """What a result line shows is loaded with the page, in byline order, whatever the page size."""
    markets = factories.section("Markets")
    for n in range(3):
        factories.published(f"Bond auction {n} draws bids", body="Dealers bid for bonds.", section_obj=markets,
                            bylines=["Zoë Walsh", "Ana Lima"], agencies=["Reuters", "AFP"])
    with CaptureQueriesContext(connection) as for_one:
        one = search(Article.objects.all(), "bond", per_page=1)
    with CaptureQueriesContext(connection) as for_three:
        three = search(Article.objects.all(), "bond")
    assert len(one.hits) == 1 and len(three.hits) == 3
    assert len(for_three) == len(for_one)
    with django_assert_num_queries(0):
        for hit in three.hits:
            assert hit.article.section.name == "Markets"
            assert [person.name for person in hit.writers] == ["Zoë Walsh", "Ana Lima"]
            assert sorted(agency.credit for agency in hit.agencies) == ["AFP", "Reuters"]
            assert hit.article.get_absolute_url().endswith(f"/{hit.article.slug}/")
    # A field the result line does not use is still there, read when asked for.
    assert three.hits[0].writers[0].name_key == "zoe walsh"
