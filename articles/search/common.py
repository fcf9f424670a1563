"""The parts of a search both databases share: filters, facet counts, loading the page's stories."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils import timezone
from taggit.models import TaggedItem

from ..models import Agency, Article, Byline, Person, Section, Status
from ..rendering import markdown_to_text
from . import results
from .results import FacetValue

def plain_snippet(article, words=40):
    """The start of the story, for results without a text query."""
    text = article.standfirst or markdown_to_text(article.body)
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def day_start(day, next_day=False):
    """The first moment of `day` (or of the day after) in the newsroom's time zone."""
    if next_day:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def apply_filters(queryset, filters, story_date):
    """Narrow `queryset` by `filters`. `story_date` names the field holding the story's date."""
    if filters.section_id is not None:
        queryset = queryset.filter(section_id=filters.section_id)
    if filters.agency_id is not None:
        queryset = queryset.filter(Exists(Article.agencies.through.objects.filter(
            article_id=OuterRef("pk"), agency_id=filters.agency_id)))
    if filters.person_id is not None:
        queryset = queryset.filter(Exists(Byline.objects.filter(article_id=OuterRef("pk"),
                                                                person_id=filters.person_id)))
    if filters.tag_id is not None:
        queryset = queryset.filter(Exists(TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), object_id=OuterRef("pk"),
            tag_id=filters.tag_id)))
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.language:
        queryset = queryset.filter(language=filters.language)
    if filters.urgency is not None:
        queryset = queryset.filter(urgency=filters.urgency)
    if filters.date_from:
        queryset = queryset.filter(**{f"{story_date}__gte": day_start(filters.date_from)})
    if filters.date_to:
        queryset = queryset.filter(**{f"{story_date}__lt": day_start(filters.date_to, next_day=True)})
    return queryset


def count(matched):
    """The number of matches, counted up to COUNT_LIMIT + 1."""
    return matched.order_by().values("pk")[:results.COUNT_LIMIT + 1].count()


def count_and_facets(matched, story_date):
    """(total, facets) over at most COUNT_LIMIT + 1 matches, in one statement.

    Bounded on purpose: beyond the limit the total reads "1,000+" and facets count the matches
    that were looked at, so a common word costs no more than a rarer one.
    """
    bounded = (matched.order_by().annotate(_year=ExtractYear(story_date))
               .values_list("pk", "section_id", "status", "_year")[:results.COUNT_LIMIT + 1])
    sql, params = bounded.query.sql_with_params()
    statement = f"""
        WITH m (id, section_id, status, year) AS ({sql})
        SELECT 'total', NULL, COUNT(*) FROM m
        UNION ALL SELECT 'section', CAST(section_id AS TEXT), COUNT(*) FROM m GROUP BY section_id
        UNION ALL SELECT 'status', status, COUNT(*) FROM m GROUP BY status
        UNION ALL SELECT 'year', CAST(year AS TEXT), COUNT(*) FROM m GROUP BY year
        UNION ALL SELECT 'agency', CAST(aa.agency_id AS TEXT), COUNT(*)
                    FROM m JOIN articles_article_agencies aa ON aa.article_id = m.id GROUP BY aa.agency_id"""
    counts = {"section": {}, "status": {}, "year": {}, "agency": {}}
    total = 0
    with connections[matched.db].cursor() as cursor:
        cursor.execute(statement, params)
        for name, value, count in cursor.fetchall():
            if name == "total":
                total = count
            elif value is not None:
                counts[name][value] = count
    return total, counts


def _among(connection, column, values):
    """`column` in `values`, as SQL and parameters: one array parameter on PostgreSQL (planned
    faster than a list of twenty; ~1.5 ms a statement at 1M), a list of placeholders elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values)) or 'NULL'})", list(values)


def _partial(model, using, **values):
    """An instance loaded with only these fields (the others deferred), as .only() would give."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(using, names, [values[name] for name in names])


def label_facets(counts, using="default"):
    """{name: [FacetValue]} from {name: {key (text): count}}, largest first (years newest first).
    Section and agency names come in one plain statement (no ORM: this runs on every search)."""
    sections, agencies = [int(v) for v in counts["section"]], [int(v) for v in counts["agency"]]
    names = {"section": {}, "agency": {}}
    if sections or agencies:
        connection = connections[using]
        quote = connection.ops.quote_name
        in_sections, section_params = _among(connection, "id", sections)
        in_agencies, agency_params = _among(connection, "id", agencies)
        with connection.cursor() as cursor:
            cursor.execute(f"""
                SELECT 'section', id, name, NULL, slug FROM {quote(Section._meta.db_table)} WHERE {in_sections}
                UNION ALL
                SELECT 'agency', id, name, short_name, slug FROM {quote(Agency._meta.db_table)} WHERE {in_agencies}""",
                           [*section_params, *agency_params])
            for kind, pk, name, short_name, slug in cursor.fetchall():
                label = name if kind == "section" else _partial(Agency, using, id=pk, name=name, short_name=short_name).credit
                names[kind][pk] = (label, slug)
    statuses = dict(Status.choices)
    facets = {
        name: [FacetValue(pk, label, counts[name][str(pk)], slug) for pk, (label, slug) in names[name].items()]
        for name in ("section", "agency")
    }
    facets["status"] = [FacetValue(v, statuses.get(v, v), n, v) for v, n in counts["status"].items()]
    facets["year"] = [FacetValue(int(float(v)), str(int(float(v))), n, str(int(float(v))))
                      for v, n in counts["year"].items()]
    for name, values in facets.items():
        values.sort(key=(lambda f: -f.value) if name == "year" else (lambda f: (-f.count, f.label)))
    return facets


def load_page(ids, using="default"):
    """The page's stories in `ids` order, as [(story, writers, agencies)]: each story with its
    section, the people of its bylines in order, and its agency credits (name order).

    Two plain statements rather than the ORM's select_related and two prefetches: at twenty results
    the ORM's own work (building three queries and every related object) cost more than the
    database (see bench/README.md). The stories come through Model.raw so each database's value
    converters apply; the small related rows are built from the columns a result line uses, the
    others deferred (read on access, as with .only()).
    """
    if not ids:
        return []
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in Article._meta.concrete_fields if f.attname != "body_html")
    table = {model: quote(model._meta.db_table) for model in (Article, Byline, Person, Agency, Section)}
    credits = quote(Article.agencies.through._meta.db_table)
    among = {alias: _among(connection, f"{alias}.{column}", ids)
             for alias, column in (("a", "id"), ("b", "article_id"), ("c", "article_id"))}
    stories = {story.pk: story for story in Article.objects.using(using).raw(
        f"SELECT {columns} FROM {table[Article]} a WHERE {among['a'][0]}", among["a"][1])}
    related = {"byline": {}, "agency": {}}
    sections = {}
    with connection.cursor() as cursor:
        # kind, story, id, name, slug, short name, order within the story
        cursor.execute(f"""
            SELECT 'byline', b.article_id, p.id, p.name, p.slug, NULL, b.position
              FROM {table[Byline]} b JOIN {table[Person]} p ON p.id = b.person_id WHERE {among['b'][0]}
            UNION ALL
            SELECT 'agency', c.article_id, g.id, g.name, g.slug, g.short_name, 0
              FROM {credits} c JOIN {table[Agency]} g ON g.id = c.agency_id WHERE {among['c'][0]}
            UNION ALL
            SELECT 'section', NULL, s.id, s.name, s.slug, NULL, 0 FROM {table[Section]} s
             WHERE s.id IN (SELECT a.section_id FROM {table[Article]} a WHERE {among['a'][0]})
            ORDER BY 1, 2, 7, 4, 3""", [*among["b"][1], *among["c"][1], *among["a"][1]])
        for kind, story_id, pk, name, slug, short_name, _ in cursor.fetchall():
            if kind == "section":
                sections[pk] = _partial(Section, using, id=pk, name=name, slug=slug)
            elif kind == "byline":
                related[kind].setdefault(story_id, []).append(_partial(Person, using, id=pk, name=name, slug=slug))
            else:
                related[kind].setdefault(story_id, []).append(
                    _partial(Agency, using, id=pk, name=name, slug=slug, short_name=short_name))
    section_field = Article._meta.get_field("section")
    page = []
    for pk in ids:
        story = stories.get(pk)
        if story is None:
            continue
        section_field.set_cached_value(story, sections.get(story.section_id))
        page.append((story, related["byline"].get(pk, []), related["agency"].get(pk, [])))
    return page
