"""The parts of a search both databases share: filters, facet counts, loading the page's stories."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import ExtractYear
from django.utils import timezone
from taggit.models import TaggedItem

from ..models import Agency, Article, Byline, Section, Status
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


def label_facets(counts):
    """{name: [FacetValue]} from {name: {key (text): count}}, largest first (years newest first)."""
    sections = Section.objects.in_bulk([int(v) for v in counts["section"]])
    agencies = Agency.objects.in_bulk([int(v) for v in counts["agency"]])
    statuses = dict(Status.choices)
    facets = {
        "section": [FacetValue(s.pk, s.name, counts["section"][str(pk)], s.slug) for pk, s in sections.items()],
        "agency": [FacetValue(a.pk, a.credit, counts["agency"][str(pk)], a.slug) for pk, a in agencies.items()],
        "status": [FacetValue(v, statuses.get(v, v), n, v) for v, n in counts["status"].items()],
        "year": [FacetValue(int(float(v)), str(int(float(v))), n, str(int(float(v))))
                 for v, n in counts["year"].items()],
    }
    for name, values in facets.items():
        values.sort(key=(lambda f: -f.value) if name == "year" else (lambda f: (-f.count, f.label)))
    return facets


def load_page(ids):
    """The page's stories, in `ids` order, with everything a result line shows."""
    stories = (Article.objects.filter(pk__in=ids).select_related("section").defer("body_html")
               .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("person")), "agencies"))
    by_id = {story.pk: story for story in stories}
    return [by_id[pk] for pk in ids if pk in by_id]
