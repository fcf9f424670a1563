"""SQLite: FTS5 tables (migration 0006) kept by triggers (sqlite_schema), same query language.

Same field weights as PostgreSQL (bm25 column weights headline 1.0, standfirst 0.4, body 0.2,
names 0.1), the same exact-form boost (a second FTS5 table without stemming over headline,
standfirst and names) and the same recency factor. Where SQLite truly differs:
- stemming is FTS5's Porter stemmer, PostgreSQL's is Snowball English: a few words stem apart;
- a phrase matches its stop words literally ("bank of england"); PostgreSQL keeps only their places;
- scores are bm25, not ts_rank, so the numbers differ while the orders agree on clear cases.
"""
import datetime

from django.db import connections, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from . import common, sqlite_schema
from .results import OLDEST, RELEVANCE, Outcome

STORY_DATE = "story_date"
_MATCH_IDS = "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s"


def prepare(queryset):
    """Name the story's date (go-live, else creation) for filters and sorting."""
    return queryset.alias(story_date=Coalesce("publish_at", "created_at"))


def matching(queryset, parsed):
    ids = RawSQL(_MATCH_IDS, [parsed.fts5()])
    if parsed.only_exclusions:
        return queryset.exclude(pk__in=ids)
    return queryset.filter(pk__in=ids)


def _sqlite_time(now):
    """`now` as Django stores datetimes in SQLite (UTC text), for julianday()."""
    return now.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def run(queryset, parsed, filters, sort, *, offset, limit, now, with_facets=True, public_at=None):
    """Total, facet counts and one page of (id, score): SQLite serves small sites, so everything
    is exact (every match counted and ranked), and the queryset's conditions (`public_at` or not)
    apply to each match."""
    base = common.apply_filters(prepare(queryset), filters, STORY_DATE)
    matched = matching(base, parsed) if parsed else base
    outcome = Outcome()
    if with_facets:
        outcome.total, outcome.facets = common.count_and_facets(matched, STORY_DATE)
    else:
        outcome.total = common.count(matched)
    if sort == RELEVANCE and parsed and not parsed.only_exclusions:
        outcome.rows = ranked_ids(matched, parsed, now=now, offset=offset, limit=limit)
    else:
        order = [STORY_DATE, "pk"] if sort == OLDEST else [f"-{STORY_DATE}", "-pk"]
        outcome.rows = [(pk, None) for pk in matched.order_by(*order).values_list("pk", flat=True)[offset:offset + limit]]
    return outcome


def ranked_ids(matched, parsed, *, now, offset, limit):
    """[(id, score)] for one page by relevance."""
    sql, params = matched.order_by().annotate(_at=F(STORY_DATE)).values_list("pk", "_at").query.sql_with_params()
    expression = parsed.fts5()
    statement = f"""
        WITH c (id, at) AS ({sql})
        SELECT c.id, (-bm25(articles_search_fts, 1.0, 0.4, 0.2, 0.1) + 0.5 * COALESCE(e.boost, 0))
                     * (1 + 1.0 / (1 + MAX(0, julianday(%s) - julianday(c.at)) / 365.25)) AS score
          FROM articles_search_fts
          JOIN c ON c.id = articles_search_fts.rowid
          LEFT JOIN (SELECT rowid AS id, -bm25(articles_search_exact, 1.0, 0.4, 0.1) AS boost
                       FROM articles_search_exact WHERE articles_search_exact MATCH %s) e ON e.id = c.id
         WHERE articles_search_fts MATCH %s
         ORDER BY score DESC, c.at DESC, c.id DESC LIMIT %s OFFSET %s"""
    with connections[matched.db].cursor() as cursor:
        cursor.execute(statement, [*params, _sqlite_time(now), expression, expression, limit, offset])
        return cursor.fetchall()


# --- maintenance -------------------------------------------------------------------------------

def rebuild(using, progress, batch=5_000):
    """Re-index every story from its text, in one transaction (SQLite sites are small)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        total = cursor.fetchone()[0]
        for table in sqlite_schema.TABLES:
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        done, last = 0, 0
        while True:
            cursor.execute("SELECT id FROM articles_article WHERE id > %s ORDER BY id LIMIT %s", [last, batch])
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                break
            for statement in sqlite_schema.index_statements(", ".join(map(str, ids))):
                cursor.execute(statement)
            last, done = ids[-1], done + len(ids)
            progress(done, total)


def stale_ids(using, progress):
    """Ids of stories whose indexed words differ from their text now. FTS5 does not keep the words
    per story in readable form, so the text is indexed again into scratch tables and the two
    indexes' word lists (fts5vocab 'instance': word, story, column, position) are compared."""
    stale = set()
    with connections[using].cursor() as cursor:
        for n, (table, columns) in enumerate(sqlite_schema.TABLES.items(), 1):
            scratch, live, fresh = f"check_{table}", f"check_{table}_live", f"check_{table}_fresh"
            try:
                cursor.execute(f"CREATE VIRTUAL TABLE temp.{scratch} USING fts5({columns}, content='', "
                               f"tokenize='{sqlite_schema.TOKENIZERS[table]}')")
                cursor.execute(f"INSERT INTO temp.{scratch}(rowid, {columns}) "
                               f"SELECT id, {columns} FROM articles_search_source")
                cursor.execute(f"CREATE VIRTUAL TABLE temp.{fresh} USING fts5vocab('temp', '{scratch}', 'instance')")
                cursor.execute(f"CREATE VIRTUAL TABLE temp.{live} USING fts5vocab('main', '{table}', 'instance')")
                cursor.execute(f"""
                    SELECT doc FROM (SELECT * FROM temp.{live} EXCEPT SELECT * FROM temp.{fresh})
                    UNION SELECT doc FROM (SELECT * FROM temp.{fresh} EXCEPT SELECT * FROM temp.{live})""")
                stale.update(row[0] for row in cursor.fetchall())
            finally:
                for name in (live, fresh, scratch):
                    cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
            progress(n, len(sqlite_schema.TABLES))
    return sorted(stale)
