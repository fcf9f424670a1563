"""PostgreSQL: tsvector documents kept by triggers (migration 0006), GIN index, websearch syntax.

Ranking: ts_rank over the weighted English document (headline A 1.0, standfirst B 0.4, body C 0.2,
names D 0.1), plus half the rank of the unstemmed headline/standfirst/names vector (exact word
forms rise above mere stems), times a recency factor (×2 for a story from now, ×1.5 after a year,
×1.09 after ten): at equal relevance the newer story wins; a much better match still wins when old.
"""
from django.contrib.postgres.search import SearchQuery
from django.db import connections, transaction

from .common import MARK_END, MARK_START, marked_html

STORY_DATE = "search_document__sort_at"
WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D, C, B, A: PostgreSQL's order
# Relevance is computed over this many matches: all of them when there are fewer, otherwise the
# newest this-many (see SearchResults.ranked_window).
RANK_WINDOW = 2_000
SNIPPET_OPTIONS = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxFragments=2, MaxWords=24, MinWords=10, "
                   "FragmentDelimiter=\" … \"")
HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


def prepare(queryset):
    """Nothing to add: the story's date is the search document's sort_at."""
    return queryset


def matching(queryset, parsed):
    """`queryset` narrowed to the stories matching `parsed` (a ParsedQuery)."""
    return queryset.filter(search_document__document=SearchQuery(
        parsed.websearch(), config="newsroom_english", search_type="websearch"))


def ranked_ids(matched, parsed, *, now, offset, limit):
    """[(id, score)] for one page by relevance, among the newest RANK_WINDOW matches."""
    window = (matched.order_by(f"-{STORY_DATE}", "-pk")
              .values_list("pk", "search_document__document", "search_document__exact", STORY_DATE)[:RANK_WINDOW])
    sql, params = window.query.sql_with_params()
    text = parsed.websearch()
    statement = f"""
        SELECT id, score FROM (
            SELECT c.id, c.at,
                   (ts_rank(%s::float4[], c.doc, websearch_to_tsquery('newsroom_english', %s), 1)
                    + 0.5 * ts_rank(%s::float4[], c.ex, websearch_to_tsquery('newsroom_simple', %s), 1))
                   * (1 + 1 / (1 + GREATEST(0, EXTRACT(EPOCH FROM (%s - c.at))) / 31557600.0)) AS score
              FROM ({sql}) c (id, doc, ex, at)
        ) ranked
        ORDER BY score DESC, at DESC, id DESC LIMIT %s OFFSET %s"""
    with connections[matched.db].cursor() as cursor:
        cursor.execute(statement, [WEIGHTS, text, WEIGHTS, text, now, *params, limit, offset])
        return cursor.fetchall()


def markup(ids, parsed, using):
    """{id: (headline_html, snippet_html)} for the page shown: highlighting is the costly part of
    a result, so it is only ever done for these few stories."""
    text = parsed.websearch()
    with connections[using].cursor() as cursor:
        cursor.execute("""
            SELECT a.id, ts_headline('newsroom_english', a.headline, q, %s),
                   ts_headline('newsroom_english', concat_ws(E'\n\n', a.standfirst, a.body), q, %s)
              FROM articles_article a, websearch_to_tsquery('newsroom_english', %s) q
             WHERE a.id = ANY(%s)""", [HEADLINE_OPTIONS, SNIPPET_OPTIONS, text, list(ids)])
        return {pk: (marked_html(headline), marked_html(snippet)) for pk, headline, snippet in cursor.fetchall()}


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
    stale, done = [], 0
    with connections[using].cursor() as cursor:
        for ids, total in _id_batches(cursor, batch):
            cursor.execute("""
                SELECT r.article_id FROM articles_search_rows(%s::bigint[]) r
                  LEFT JOIN articles_searchdocument d ON d.article_id = r.article_id
                 WHERE d.article_id IS NULL OR (d.document, d.exact, d.sort_at) IS DISTINCT FROM
                       (r.document, r.exact, r.sort_at)""", [ids])
            stale += [row[0] for row in cursor.fetchall()]
            done += len(ids)
            progress(done, total)
        cursor.execute("SELECT article_id FROM articles_searchdocument d "
                       "WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = d.article_id)")
        stale += [row[0] for row in cursor.fetchall()]
    return sorted(stale)
