"""PostgreSQL: tsvector documents kept by triggers (migration 0006), GIN index, websearch syntax.

Ranking: ts_rank over the weighted English document (headline A 1.0, standfirst B 0.4, body C 0.2,
names D 0.1), plus half the rank of the unstemmed headline/standfirst/names vector (exact word
forms rise above mere stems), times a recency factor (×2 for a story from now, ×1.5 after a year,
×1.09 after ten): at equal relevance the newer story wins; a much better match still wins when old.

Speed at a million stories comes from touching few rows, and only rows of the search table (it
holds copies of the facts filters and facets need); see bench/README.md for the figures:
- matches are counted exactly up to COUNT_LIMIT + 1 ("1,000+" beyond), facets and ranking only
  when they are all there. When the planner's word statistics (migration 0008) put a single-word
  query above COUNT_SKIP matches, counting is skipped (exact after all when fewer than RANK_WINDOW
  turn up); phrases and several words are always counted, as the planner guesses them low;
- relevance ranks the newest RANK_WINDOW matches (all of them when there are fewer), looked for
  first after a date that should hold them (from the estimate, or from how far into the table the
  count had to read), as "the words AND any of the years since" in one GIN lookup (each document
  holds its year as a lexeme, migration 0012): a date condition would cost a bitmap of every
  story after the date;
- a word in more than DENSE_SHARE of all stories is tested story by story (newest first, or
  through a filter's index) instead of decoding its long list from the GIN index;
- facets count every match when the total is exact, else the ranked window;
- readers' search (public_at) passes over what cannot be public in this table, and checks the
  visibility rule on the window's stories (see run()).
"""
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction

from ..models import Article, public_candidates
from . import results
from .common import day_start
from .results import NEWEST, OLDEST, RELEVANCE, Outcome

RANK_WINDOW = 500
COUNT_SKIP = 2 * results.COUNT_LIMIT  # the planner's estimate is good to about a factor of two
TOGETHER_SKIP = 10 * COUNT_SKIP  # several words: counting is skipped only above this guess
DENSE_SHARE = 0.12  # see _dense
WINDOW_MARGIN = 1.5  # the first date cutoff should hold this many times the window (planner estimate)
YEARS_SHARE = 0.2  # a cutoff holding more than this share of stories is tested on the date, not by years
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A: PostgreSQL's order
SCORE = """((ts_rank(%s::float4[], d.document, %s::tsquery, 1) + 0.5 * ts_rank(%s::float4[], d.exact, %s::tsquery, 1))
            * (1 + 1 / (1 + GREATEST(0, EXTRACT(EPOCH FROM (%s - d.sort_at))::float8) / 31557600.0)))"""
FACETS = """
    SELECT 'section', section_id::text, count(*), NULL::float8, NULL::timestamptz FROM {0} GROUP BY section_id
    UNION ALL SELECT 'status', status, count(*), NULL, NULL FROM {0} GROUP BY status
    UNION ALL SELECT 'year', year::text, count(*), NULL, NULL
                FROM (SELECT date_part('year', sort_at AT TIME ZONE %s)::int AS year FROM {0}) y GROUP BY year
    UNION ALL SELECT 'agency', agency::text, count(*), NULL, NULL FROM {0}, unnest(agency_ids) agency GROUP BY agency"""
# The story's date in a form no index matches, for a test on rows the words' index has found: as
# an index condition, a date range covering most of the archive would be read whole (~0.1 µs a story)
# to AND with the matches' bitmap.
ROW_DATE = "(d.sort_at + interval '0 s')"


def _date(from_words_index):
    """The story's date to test: on the row when the words' GIN index finds the rows, else as the
    date index sees it (a walk in date order stops at it)."""
    return ROW_DATE if from_words_index else "d.sort_at"
ORDERS = {RELEVANCE: "score DESC, sort_at DESC, article_id DESC", NEWEST: "sort_at DESC, article_id DESC",
          OLDEST: "sort_at ASC, article_id ASC"}


def flush_pending(using):
    """Refresh now the documents this transaction's writes queued for commit (migration 0007), so a
    search inside an open transaction sees its own writes. Outside one there is nothing pending."""
    connection = connections[using]
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS articles_search_flush IMMEDIATE; "
                           "SET CONSTRAINTS articles_search_flush DEFERRED")


def _text_condition(indexed=True, years=False):
    """The text match on `d`, the query a parameter (a tsquery, parsed once: see run()). Not
    `indexed`: the same test as a plain function call, which the GIN index does not serve, so the
    planner reaches the rows by date or filter and tests each one. `years`: only stories of the
    years between two dates given as parameters, through the year lexemes of the documents
    (migration 0012), in the same index scan as the words."""
    if indexed and years:
        return "d.document @@ (%s::tsquery && articles_search_years(%s, %s))"
    if indexed:
        return "d.document @@ %s::tsquery"
    return "ts_match_vq(d.document, %s::tsquery)"


def _restriction(queryset, alias):
    """Whatever the caller's queryset allows (the visibility rule, a reporter's own stories), as a
    condition on `alias`.article_id, or None when it allows every story: the search only ever
    narrows it."""
    query = queryset.query
    if not (query.where.children or query.is_sliced or query.combinator or query.extra):
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"{alias}.article_id IN ({sql})", list(params)


def _where(queryset, tsquery, filters, indexed=True, years=None, public_at=None, restrict=True):
    """SQL conditions on the search table `d`, and their parameters. `tsquery`: the words' tsquery
    as text, None when there are no words; `years`: (first, last) dates whose years to look in;
    `public_at`: pass over what cannot be public at that moment (see run()); `restrict`: include
    the queryset's own conditions."""
    where, params = [], []
    if public_at is not None:
        status, live_by = public_candidates(public_at)
        where += ["d.status = %s", f"{_date(indexed and tsquery is not None)} <= %s"]
        params += [status, live_by]
    for column in ("section_id", "status", "language", "urgency"):
        value = getattr(filters, column)
        if value not in (None, ""):
            where.append(f"d.{column} = %s")
            params.append(value)
    if filters.agency_id is not None:
        where.append("d.agency_ids @> ARRAY[%s]::bigint[]")
        params.append(filters.agency_id)
    if filters.person_id is not None:
        where.append("EXISTS (SELECT 1 FROM articles_byline b WHERE b.article_id = d.article_id AND b.person_id = %s)")
        params.append(filters.person_id)
    if filters.tag_id is not None:
        where.append("EXISTS (SELECT 1 FROM taggit_taggeditem t WHERE t.object_id = d.article_id "
                     "AND t.tag_id = %s AND t.content_type_id = %s)")
        params += [filters.tag_id, ContentType.objects.get_for_model(Article).pk]
    if filters.date_from:
        where.append("d.sort_at >= %s")
        params.append(day_start(filters.date_from))
    if filters.date_to:
        where.append("d.sort_at < %s")
        params.append(day_start(filters.date_to, next_day=True))
    restriction = _restriction(queryset, "d") if restrict else None
    if restriction:
        where.append(restriction[0])
        params += restriction[1]
    if tsquery is not None:  # first, unless tested row by row: then after the cheaper tests (see run())
        text, text_params = _text_condition(indexed, bool(years)), [tsquery, *(years or ())]
        where, params = ([text, *where], [*text_params, *params]) if indexed else (
            [*where, text], [*params, *text_params])
    return " AND ".join(where) or "TRUE", params


def _estimate(cursor, where, params):
    cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_searchdocument d WHERE {where}", params)
    plan = cursor.fetchone()[0]
    return (plan[0] if isinstance(plan, list) else plan)["Plan"]["Plan Rows"]


_STATS_SECONDS = 60
_stats = {}  # database alias → (read at, stats)


def _table_stats(cursor, using):
    """(stories and pages in the search table, the bounds of its sort_at histogram or None): the
    planner's statistics. They only steer the plan, and ANALYZE changes them seldom, so each
    process reads them at most once a minute (the pg_stats view costs about a millisecond)."""
    read_at, stats = _stats.get(using, (0.0, None))
    if time.monotonic() - read_at < _STATS_SECONDS:
        return stats
    cursor.execute("""
        SELECT c.reltuples, c.relpages, (SELECT s.histogram_bounds::text::timestamptz[] FROM pg_stats s
                              WHERE s.tablename = 'articles_searchdocument' AND s.attname = 'sort_at')
          FROM pg_class c WHERE c.oid = 'articles_searchdocument'::regclass""")
    stats = cursor.fetchone()
    _stats[using] = (time.monotonic(), stats)
    return stats


def _cutoff(bounds, share):
    """A date after which about `share` of all stories fall; None when there is no histogram yet."""
    if not bounds:
        return None
    return bounds[max(0, min(len(bounds) - 1, int((1 - share) * (len(bounds) - 1))))]


def _cutoffs(bounds, share, filters):
    """Dates to look back to first, [(date, share of stories after it)], nearest first and four times
    wider at each miss, none past half the archive (then every match is read anyway). None after the
    end of a date filter (nothing there) nor before its start (no help)."""
    found = []
    while share < 0.5:
        cutoff = _cutoff(bounds, share)
        if cutoff and not (filters.date_to and cutoff >= day_start(filters.date_to, next_day=True)) and not (
                filters.date_from and cutoff <= day_start(filters.date_from)):
            found.append((cutoff, share))
        share *= 4
    return found


def _dense(cursor, tsquery, estimate, stories):
    """Does the text match so large a share of all stories that reading stories by date (or by a
    filter's index) and testing each beats decoding the words' long lists from the GIN index
    (~0.1 µs an entry: 37 ms for a word in a quarter of a million stories)? `estimate`: the
    planner's for the text alone, when already known."""
    if estimate is None:
        estimate = _estimate(cursor, _text_condition(), [tsquery])
    return stories > 0 and estimate > DENSE_SHARE * stories


def _collect(cursor, outcome, statement, params):
    """Fill `outcome`'s total and facets; return the page's rows and the total row's fourth value."""
    rows, last_page = [], None
    cursor.execute(statement, params)
    for kind, key, count, score, at in cursor.fetchall():
        if kind == "total":
            outcome.total, last_page = count, score
        elif kind == "hit":
            rows.append((int(key), score, at))
        elif key is not None:
            outcome.facets[kind][key] = count
    return rows, last_page


def run(queryset, parsed, filters, sort, *, offset, limit, now, with_facets=True, public_at=None):
    """Total, facet counts and one page of (id, score) for the search, in at most three statements.

    `public_at`: the queryset is Article.objects.public(public_at). Stories that cannot be public
    then (unpublished, or going live later: the rule's part the search table holds copies of) are
    passed over in the search table itself, and the rule is checked on the ranked window's stories
    rather than on every match read to choose them: a check reads the wide story row.
    """
    ranked = sort == RELEVANCE and parsed and not parsed.only_exclusions
    sort = sort if ranked or sort in (NEWEST, OLDEST) else NEWEST
    tz = settings.TIME_ZONE
    outcome = Outcome()
    flush_pending(queryset.db)
    with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
        # jit, parallel workers: starting them costs more than these queries take; work_mem: exact
        # (not lossy) bitmaps for common words. Every statement here reads a bounded number of
        # rows: join by index lookups, never by sorting or hashing a whole table (the caller's
        # queryset may be "every public story").
        settings_sql = ("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL work_mem = '32MB'; "
                        "SET LOCAL enable_mergejoin = off; SET LOCAL enable_hashjoin = off")
        tsquery = exact = newest = None
        if parsed:
            # The words as tsqueries, parsed here once, in the same round trip: written into the
            # statements as constants (the planner still sees them), not re-parsed for every row
            # scored or re-checked. And the newest story's date, the last year a window looks in.
            cursor.execute(settings_sql + "; SELECT websearch_to_tsquery('newsroom_english', %s)::text, "
                           "websearch_to_tsquery('newsroom_simple', %s)::text, "
                           "(SELECT max(sort_at) FROM articles_searchdocument)", [parsed.websearch()] * 2)
            tsquery, exact, newest = cursor.fetchone()
        else:
            cursor.execute(settings_sql)
        where, params = _where(queryset, tsquery, filters, public_at=public_at)
        score_sql, score_params = (SCORE, [WEIGHTS, tsquery, WEIGHTS, exact, now]) if ranked else ("NULL::float8", [])
        phrase = parsed and any(t.phrase for g in parsed.groups for t in g)
        estimate = _estimate(cursor, where, params)
        stories, pages, bounds = _table_stats(cursor, queryset.db)
        dense = parsed and _dense(cursor, tsquery, estimate if not filters and where.count(" AND ") == 0 else None,
                                  stories)
        if dense:
            where, params = _where(queryset, tsquery, filters, indexed=False, public_at=public_at)
        elif tsquery is not None:
            # Matches come from the GIN index, never from walking the date index and testing each
            # story on the way: with the words a constant, the planner prices that walk as cheap for
            # a word it expects often, and reads a year's stories for a rarer one (1.5 s at 100k).
            cursor.execute("SET LOCAL enable_indexscan = off")
        # The planner multiplies the shares of words as if unrelated ("wheat exports": 3,400 for
        # 16,800), so for phrases and several words, count first: where the limit is reached tells
        # how dense the matches are, and so how far back the window must look. Unless even the low
        # guess is far above the limit (no phrase: one may be rare among common words): then the
        # window is at worst a few times too wide, which costs less than counting.
        together = any(sum(not t.negated for t in group) > 1 for group in (parsed.groups if parsed else ()))
        counted = phrase or estimate < COUNT_SKIP or (together and estimate < TOGETHER_SKIP)
        rows = []
        if counted:
            # Every match up to the limit, in one pass: total, exact facets and (when they are all
            # here) the page.
            # Scores only for the newest RANK_WINDOW, re-read by row address (ctid, a fifth of the
            # cost of a key lookup): scoring while counting would decompress every match's document
            # (estimates of several words run low).
            if ranked:
                page = f"""SELECT w.article_id, w.sort_at, {score_sql} AS score FROM (
                               SELECT * FROM g ORDER BY sort_at DESC, article_id DESC LIMIT {RANK_WINDOW}) w
                          JOIN articles_searchdocument d ON d.ctid = w.ctid"""
            else:
                page = "SELECT article_id, sort_at, NULL::float8 AS score FROM g"
            # g: the matches again, or nothing once they are over the limit (the window below
            # answers then), so facets and ranking are not computed only to be thrown away.
            statement = f"""
                WITH b AS MATERIALIZED (
                    SELECT d.article_id, d.sort_at, d.section_id, d.status, d.agency_ids, d.ctid
                      FROM articles_searchdocument d WHERE {where} LIMIT {results.COUNT_LIMIT + 1}),
                g AS MATERIALIZED (SELECT * FROM b WHERE (SELECT count(*) FROM b) <= {results.COUNT_LIMIT})
                SELECT 'total', NULL, count(*), max((ctid::text::point)[0]), NULL::timestamptz FROM b
                {("UNION ALL " + FACETS.format("g")) if with_facets else ""}
                UNION ALL SELECT 'hit', article_id::text, NULL, score, sort_at FROM (
                    SELECT * FROM ({page}) p ORDER BY {ORDERS[sort]} LIMIT %s OFFSET %s) page"""
            rows, last_page = _collect(cursor, outcome, statement,
                            [*params, *([tz] if with_facets else []), *score_params, limit, offset])
            if ranked and outcome.total > RANK_WINDOW:
                outcome.window = RANK_WINDOW
            if outcome.total > results.COUNT_LIMIT:
                # The limit was reached at table page `last_page`: the matches in the whole table
                # are about that many times more (an estimate that knows word pairs and phrases).
                estimate = max(estimate, outcome.total * pages / (last_page + 1))
        if not counted or outcome.total > results.COUNT_LIMIT:
            # Too many to count: rank (or list) the newest matches, and count facets among them.
            # Reading them costs in proportion to the matches passed over, so when the statistics
            # say there are many, look first only at the stretch of time that should hold them.
            size = RANK_WINDOW if ranked else max(RANK_WINDOW, offset + limit)
            direction = "ASC" if sort == OLDEST else "DESC"
            share = WINDOW_MARGIN * size / max(estimate, outcome.total, 1)
            cutoffs = _cutoffs(bounds, share, filters) if sort != OLDEST else []
            # The caller's conditions on the window's stories only, when the search table has
            # already passed over what they would refuse (see the docstring).
            after = _restriction(queryset, "n") if public_at is not None else None
            checked_after = after is not None
            after_sql, after_params = (f" WHERE {after[0]}", after[1]) if after else ("", [])
            for cutoff, share in [*cutoffs, (None, 1.0)]:
                # The cutoff as years in the words' own index lookup (migration 0012): a date
                # condition costs a bitmap of every story after the date. Unless it reaches back
                # many years: then testing the year lexemes of every match costs more.
                by_year = bool(cutoff and parsed and not dense and share <= YEARS_SHARE)
                window_where, window_params = _where(queryset, tsquery, filters, indexed=not dense,
                                                     years=(cutoff, newest) if by_year else None,
                                                     public_at=public_at, restrict=not checked_after)
                on_date = bool(cutoff and not by_year)
                after_date = f"{_date(tsquery is not None and not dense)} >= %s AND " if on_date else ""
                # Matches from the GIN index come in table order: the window is chosen by sorting
                # narrow rows, then scored on its stories re-read by row address (sorting whole
                # rows, documents and all, cost more than scoring). Dense matches come in date
                # order from an index and are scored as they are read.
                statement = f"""
                    WITH n AS MATERIALIZED (
                        SELECT d.article_id, d.sort_at, d.section_id, d.status, d.agency_ids, d.ctid,
                               {score_sql if dense else "NULL::float8"} AS score
                          FROM articles_searchdocument d WHERE {after_date}{window_where}
                         ORDER BY d.sort_at {direction}, d.article_id {direction} LIMIT {size}),
                    w AS MATERIALIZED ({
                        f"SELECT n.article_id, n.sort_at, n.section_id, n.status, n.agency_ids, {score_sql} AS score "
                        "FROM n JOIN articles_searchdocument d ON d.ctid = n.ctid" if ranked and not dense
                        else "SELECT * FROM n"}{after_sql})
                    SELECT 'total', NULL, count(*), (SELECT count(*) FROM n)::float8, NULL::timestamptz FROM w
                    {("UNION ALL " + FACETS.format("w")) if with_facets else ""}
                    UNION ALL SELECT 'hit', article_id::text, NULL, score, sort_at FROM (
                        SELECT * FROM w ORDER BY {ORDERS[sort]} LIMIT %s OFFSET %s) page"""
                outcome.facets = Outcome().facets
                # The date first: PostgreSQL tests conditions of equal cost in the order written,
                # and a word tested row by row (dense) is the dearer test.
                rows, read = _collect(cursor, outcome, statement, [
                    *(score_params if dense else []), *([cutoff] if on_date else []), *window_params,
                    *([] if dense else score_params), *after_params, *([tz] if with_facets else []), limit, offset])
                if read >= size:
                    break
            window_full = read >= size
            outcome.total = results.COUNT_LIMIT + 1 if window_full else outcome.total
            outcome.window = size if window_full else None
    order = {RELEVANCE: lambda r: (-r[1], -r[2].timestamp(), -r[0]), NEWEST: lambda r: (-r[2].timestamp(), -r[0]),
             OLDEST: lambda r: (r[2].timestamp(), r[0])}[sort]
    outcome.rows = [(pk, score) for pk, score, _ in sorted(rows, key=order)]
    return outcome


# --- maintenance -------------------------------------------------------------------------------

def _id_batches(cursor, batch):
    cursor.execute("SELECT count(*) FROM articles_article")
    total, last = cursor.fetchone()[0], 0
    while True:
        cursor.execute("SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s", [last, batch])
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return
        last = ids[-1]
        yield ids, total


def rebuild(using, progress, batch=5_000):
    """Recompute every document with the triggers' own function, a batch per transaction (search
    keeps answering meanwhile), then drop documents whose story is gone."""
    flush_pending(using)
    done = 0
    with connections[using].cursor() as cursor:
        for ids, total in _id_batches(cursor, batch):
            with transaction.atomic(using=using):
                cursor.execute("SELECT articles_search_refresh(%s::bigint[])", [ids])
            done += len(ids)
            progress(done, total)
        cursor.execute("DELETE FROM articles_searchdocument d "
                       "WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id)")


def stale_ids(using, progress, batch=5_000):
    """Ids of stories whose stored document differs from what their text gives now (or is
    missing), and of documents left behind by deleted stories."""
    flush_pending(using)
    stale, done = [], 0
    with connections[using].cursor() as cursor:
        for ids, total in _id_batches(cursor, batch):
            cursor.execute("""
                SELECT r.article_id FROM articles_search_rows(%s::bigint[]) r
                  LEFT JOIN articles_searchdocument d ON d.article_id = r.article_id
                 WHERE d.article_id IS NULL OR ROW(d.*) IS DISTINCT FROM ROW(r.*)""", [ids])
            stale += [row[0] for row in cursor.fetchall()]
            done += len(ids)
            progress(done, total)
        cursor.execute("SELECT article_id FROM articles_searchdocument d "
                       "WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id)")
        stale += [row[0] for row in cursor.fetchall()]
    return sorted(stale)
