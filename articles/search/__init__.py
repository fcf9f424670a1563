"""Staff and reader search: one function, over PostgreSQL or SQLite.

    results = search(Article.objects.public(), 'oil -"crude oil"', filters=Filters(section_id=3))

It only narrows the queryset it is given, so the reader side, which passes
Article.objects.public(), can never reach anything else through it. The implementation is chosen by
the queryset's database: postgres.py (tsvector documents, GIN index) or sqlite.py (FTS5); both
indexes are kept by triggers in the database itself, and both read the same query language
(query.py: words, "quoted phrases", OR, -exclusion).
"""
from django.db import connections
from django.utils import timezone
from django.utils.html import escape

from ..models import Article
from . import common, highlight, postgres, sqlite
from .query import parse
from .results import COUNT_LIMIT, NEWEST, OLDEST, RELEVANCE, SORTS, FacetValue, Filters, Hit, SearchResults

__all__ = ["COUNT_LIMIT", "NEWEST", "OLDEST", "RELEVANCE", "SORTS", "FacetValue", "Filters", "Hit",
           "SearchResults", "newest_matches", "parse", "rebuild_index", "search", "search_public", "stale_articles"]


def backend_for(using):
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return postgres
    if vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def rebuild_index(using="default", progress=lambda done, total: None):
    """Re-index every story from its text (what the triggers do, for all stories at once)."""
    backend_for(using).rebuild(using, progress)


def stale_articles(using="default", progress=lambda done, total: None):
    """Ids of stories whose search document no longer matches their text (should be none)."""
    return backend_for(using).stale_ids(using, progress)


def newest_matches(queryset, text, limit):
    """Ids of the newest `limit` stories in `queryset` matching `text` (the article list's search
    box): the search page's engine, without ranking, snippets or facets."""
    outcome = backend_for(queryset.db).run(queryset, parse(text), Filters(), NEWEST, offset=0, limit=limit,
                                           now=timezone.now(), with_facets=False)
    return [row[0] for row in outcome.rows]


def search_public(text, **options):
    """Readers' search: `search` over Article.objects.public() at one moment, the moment the search
    is also told (public_at), so the two always agree."""
    moment = timezone.now()
    return search(Article.objects.public(moment), text, public_at=moment, **options)


def search(queryset, text="", *, filters=None, sort=RELEVANCE, page=1, per_page=20, now=None, facets=True,
           public_at=None):
    """One page of the stories in `queryset` that match `text` and `filters`, best first (or newest
    or oldest first), with highlighted snippets, the total and (unless `facets` is False) facet
    counts. Never raises on what a user typed; an empty query lists the newest stories.

    `public_at`: when `queryset` is Article.objects.public(moment), that moment. The search can then
    pass over what cannot be public before it checks the rule (much faster at a million stories);
    the rule still decides every story shown or counted, so a wrong moment can only hide stories.
    """
    parsed = parse(text)
    backend = backend_for(queryset.db)
    now = now or timezone.now()

    def run(page):
        return backend.run(queryset, parsed, filters or Filters(), sort, offset=(page - 1) * per_page,
                           limit=per_page, now=now, with_facets=facets, public_at=public_at)

    page = max(1, int(page))
    outcome = run(page)
    reachable = min(outcome.total, outcome.window) if outcome.window else outcome.total
    last_page = max(1, -(-reachable // per_page))
    if page > last_page:  # past the end (an old link): show the last page instead
        page = last_page
        outcome = run(page)
    rows = outcome.rows
    scores = dict(rows)
    keys = highlight.query_keys(parsed) if parsed else set()
    hits = []
    for story, writers, agencies in common.load_page([pk for pk, _ in rows], queryset.db):
        if keys:
            headline = highlight.headline_html(story.headline, keys)
            snippet = highlight.snippet_html(f"{story.standfirst}\n\n{story.body}", keys)
        else:
            headline, snippet = escape(story.headline), escape(common.plain_snippet(story))
        hits.append(Hit(story, headline, snippet, scores.get(story.pk), writers, agencies))
    return SearchResults(hits=hits, total=outcome.total, page=page, per_page=per_page,
                         facets=common.label_facets(outcome.facets, queryset.db) if facets else {}, ranked_window=outcome.window)
