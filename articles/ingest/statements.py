"""The few statements the store runs for every file, written once as plain portable SQL.

An archive load runs them tens of thousands of times, and building an ORM query costs more than
the database takes to answer it (profiled: bench/ingest.py). Table and column names come from the
models; values always travel as parameters. Signals that Django's `add` would send are sent here too.
"""
from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import signals

from ..models import Agency, Article, Dispatch


def _connection(model):
    return connections[router.db_for_write(model)]  # reads inside the file's transaction too


def _names(model, *fields):
    quote = _connection(model).ops.quote_name
    return quote(model._meta.db_table), [quote(model._meta.get_field(f).column) for f in fields]


def find_versions(source_id, checksum, story_key):
    """Rows (article id, source id, checksum) of received dispatches that share the source id, the
    text, or the story key (agency id, wire headline, dateline place, dateline date) given."""
    table, (article, source, digest, agency, headline, place, date, pk) = _names(
        Dispatch, "article", "source_id", "checksum", "agency", "wire_headline", "dateline_place", "dateline_date", "id")
    agency_id, wire_headline, dateline_place, dateline_date = story_key or (None, None, None, None)
    connection = _connection(Dispatch)
    if dateline_date is not None:
        dateline_date = connection.ops.adapt_datefield_value(dateline_date)
    sql = (f"SELECT {article}, {source}, {digest} FROM {table} WHERE {article} IS NOT NULL AND ("
           f"{digest} = %s OR {source} = %s OR ({agency} = %s AND {headline} = %s AND {place} = %s AND "
           f"({date} = %s OR ({date} IS NULL AND %s = 1)))) ORDER BY {pk}")
    # An empty source id matches nothing (NULL), not every dispatch that has none.
    params = [checksum, source_id or None, agency_id, wire_headline, dateline_place, dateline_date,
              1 if story_key and dateline_date is None else 0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def set_source(article, dispatch):
    """Point a just-created story at the dispatch it came from (without saving the story again)."""
    table, (source, pk) = _names(Article, "source", "id")
    with _connection(Article).cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {source} = %s WHERE {pk} = %s", [dispatch.pk, article.pk])
    article.source = dispatch


def link_new(article, agencies, tags):
    """Credit a just-created story to `agencies` and tag it with `tags` (Tag objects): one insert
    each, where Django's and taggit's `add` first read what exists (a new story has nothing)."""
    agencies_through = Article.agencies.through
    table, (story, agency) = _names(agencies_through, "article", "agency")
    _insert(article, agencies_through, Agency, table, [story, agency], [(article.pk, a.pk) for a in agencies],
            {a.pk for a in agencies})
    tags_through = article.tags.through
    table, (tag, content_type, object_id) = _names(tags_through, "tag", "content_type", "object_id")
    kind = ContentType.objects.get_for_model(Article).pk  # cached by Django after the first call
    _insert(article, tags_through, tags_through.tag_model(), table, [tag, content_type, object_id],
            [(t.pk, kind, article.pk) for t in tags], {t.pk for t in tags})


def _insert(article, through, model, table, columns, rows, pk_set):
    if not rows:
        return
    using = router.db_for_write(through, instance=article)
    signal = {"sender": through, "instance": article, "reverse": False, "model": model, "pk_set": pk_set,
              "using": using}
    signals.m2m_changed.send(action="pre_add", **signal)
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    with connections[using].cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}", [v for row in rows for v in row])
    signals.m2m_changed.send(action="post_add", **signal)
