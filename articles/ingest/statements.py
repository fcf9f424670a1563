"""The few statements the store runs for every file, written once as plain portable SQL.

An archive load runs them tens of thousands of times, and building an ORM query costs more than
the database takes to answer it (profiled: bench/ingest.py). Table and column names come from the
models; values always travel as parameters. Signals that Django's `add` would send are sent here too.
"""
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.db.models import signals

from ..models import Agency, Article, Byline, Dispatch, Revision


def _connection(model):
    return connections[router.db_for_write(model)]  # reads inside the file's transaction too


def _names(model, *fields):
    quote = _connection(model).ops.quote_name
    return quote(model._meta.db_table), [quote(model._meta.get_field(f).column) for f in fields]


def find_versions(source_id, checksum, story_key, *, wait_for_disk=True):
    """Rows (article id, source id, checksum) of received dispatches that share the source id, the
    text, or the story key (agency id, wire headline, dateline place, dateline date) given.

    Every file's transaction runs it once: `wait_for_disk=False` (PostgreSQL) also makes that
    transaction's commit not wait for the disk, in the same round trip."""
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
    if connection.vendor == "postgresql":
        # Two uploads of one dispatch at once (two editors, or the wire and an editor) must not both
        # see "new" and store it twice: lock its identities for the rest of the transaction, then
        # look. SQLite needs nothing: it runs one writing transaction at a time.
        keys = sorted({_lock_key(source_id), _lock_key(checksum), _lock_key(story_key)} - {None})
        sql = "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k ORDER BY k; " + sql
        params = [keys] + params
        if not wait_for_disk:
            sql = "SET LOCAL synchronous_commit TO OFF; " + sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # one round trip, whatever it holds
        return cursor.fetchall()


def lock(*identities):
    """Hold, until the transaction ends, a lock on each identity (any repr-able value): a second
    transaction locking one of them waits for this one to commit. PostgreSQL only; SQLite runs
    one writing transaction at a time anyway."""
    connection = _connection(Article)
    keys = sorted({_lock_key(identity) for identity in identities} - {None})
    if connection.vendor == "postgresql" and keys:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k ORDER BY k", [keys])


def _lock_key(identity):
    if not identity:
        return None
    digest = hashlib.blake2b(repr(identity).encode(), digest_size=8, person=b"nr-ingest").digest()
    return int.from_bytes(digest, "big", signed=True)


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


def create_story(article, dispatch, agencies, tags, bylines, revision):
    """Write a new story, the dispatch it came from, its credits, tags, bylines (ordered (Person,
    role) pairs) and first revision (unsaved Revision) in ONE statement on PostgreSQL: a wire desk
    stores hundreds a second, and each round trip to the database costs about as much as the
    database's work on it. Elsewhere (SQLite), one statement each.

    The caller has filled the story's derived fields (`fill_derived`). The objects come back saved,
    as Django's own saves would leave them, and the signals those saves would send are sent."""
    connection = _connection(Article)
    if connection.vendor != "postgresql":
        return _create_story_stepwise(article, dispatch, agencies, tags, bylines, revision)
    through_agency, through_tag = Article.agencies.through, Article._meta.get_field("tags").remote_field.through
    a_table, (a_id, a_source) = _names(Article, "id", "source")
    d_table, (d_id, d_story) = _names(Dispatch, "id", "article")
    r_table, (r_story,) = _names(Revision, "article")
    c_table, (c_story, c_agency) = _names(through_agency, "article", "agency")
    t_table, (t_tag, t_kind, t_story) = _names(through_tag, "tag", "content_type", "object_id")
    b_table, (b_story, b_person, b_position, b_role) = _names(Byline, "article", "person", "position", "role")
    a_columns, a_values = _row(article, connection, set_here={"id", "source"})
    d_columns, d_values = _row(dispatch, connection, set_here={"id", "article"})
    r_columns, r_values = _row(revision, connection, set_here={"id", "article"})

    def select(values):
        return ", ".join(["%s"] * len(values))

    sql = f"""
        WITH ids AS MATERIALIZED (
            SELECT nextval(pg_get_serial_sequence('{Article._meta.db_table}', 'id')) AS story,
                   nextval(pg_get_serial_sequence('{Dispatch._meta.db_table}', 'id')) AS dispatch),
        story AS (INSERT INTO {a_table} ({a_id}, {a_source}, {', '.join(a_columns)})
                  SELECT story, dispatch, {select(a_values)} FROM ids),
        dispatch AS (INSERT INTO {d_table} ({d_id}, {d_story}, {', '.join(d_columns)})
                     SELECT dispatch, story, {select(d_values)} FROM ids),
        credits AS (INSERT INTO {c_table} ({c_story}, {c_agency})
                    SELECT story, agency FROM ids, unnest(%s::bigint[]) agency),
        tags AS (INSERT INTO {t_table} ({t_tag}, {t_kind}, {t_story})
                 SELECT tag, %s, story FROM ids, unnest(%s::bigint[]) tag),
        bylines AS (INSERT INTO {b_table} ({b_story}, {b_person}, {b_position}, {b_role})
                    SELECT story, person, position, role
                      FROM ids, unnest(%s::bigint[], %s::integer[], %s::text[]) AS b(person, position, role)),
        revision AS (INSERT INTO {r_table} ({r_story}, {', '.join(r_columns)})
                     SELECT story, {select(r_values)} FROM ids RETURNING id)
        SELECT story, dispatch, (SELECT id FROM revision) FROM ids"""
    kind = ContentType.objects.get_for_model(Article).pk  # cached by Django after the first call
    params = a_values + d_values + [[a.pk for a in agencies], kind, [t.pk for t in tags],
                                    [p.pk for p, _ in bylines], list(range(1, len(bylines) + 1)),
                                    [role or "" for _, role in bylines]] + r_values
    for obj in (article, dispatch, revision):
        signals.pre_save.send(sender=type(obj), instance=obj, raw=False, using=connection.alias, update_fields=None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        story_id, dispatch_id, revision_id = cursor.fetchone()

    for obj, pk in ((article, story_id), (dispatch, dispatch_id), (revision, revision_id)):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    dispatch.article, article.source, revision.article = article, dispatch, article
    for obj in (article, dispatch, revision):
        signals.post_save.send(sender=type(obj), instance=obj, created=True, update_fields=None, raw=False,
                               using=connection.alias)
    _links_added(article, through_agency, Agency, {a.pk for a in agencies})
    _links_added(article, through_tag, through_tag.tag_model(), {t.pk for t in tags})


def _create_story_stepwise(article, dispatch, agencies, tags, bylines, revision):
    super(Article, article).save()  # not Article.save: the derived fields are filled already
    dispatch.article = article
    dispatch.save()
    set_source(article, dispatch)
    link_new(article, agencies, tags)
    Byline.objects.bulk_create([Byline(article=article, person=person, role=role or "", position=position)
                                for position, (person, role) in enumerate(bylines, 1)])
    revision.article = article
    revision.save()


def _row(obj, connection, set_here):
    """Columns and database values of a new model instance, as Django's INSERT would write them
    (defaults, auto_now_add, adaptation), leaving out the fields in `set_here`."""
    fields = [f for f in obj._meta.local_concrete_fields if f.name not in set_here]
    quote = connection.ops.quote_name
    return ([quote(f.column) for f in fields],
            [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def _links_added(article, through, model, pk_set):
    if pk_set:
        for action in ("pre_add", "post_add"):
            signals.m2m_changed.send(sender=through, instance=article, action=action, reverse=False, model=model,
                                     pk_set=pk_set, using=_connection(through).alias)
