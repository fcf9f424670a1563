"""What a search is asked (Filters) and what it answers (SearchResults), on either database."""
import datetime
import math
import os
from dataclasses import dataclass, field, fields

# Totals are counted exactly up to this many matches, then shown as "1,000+"; facets are exact
# below it too. Counting costs time in proportion to it (at a million stories on PostgreSQL, a
# phrase costs ~10 ms per thousand matches counted: see bench/README.md); the environment variable
# lets a site trade speed for precision.
COUNT_LIMIT = int(os.environ.get("SEARCH_COUNT_LIMIT", "1000"))

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORTS = {RELEVANCE: "Best match", NEWEST: "Newest first", OLDEST: "Oldest first"}


@dataclass(frozen=True)
class Filters:
    """Narrowing by facts about the story. Dates are the story's date (go-live, else creation),
    in the newsroom's time zone, both ends included."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    section_id: int | None = None
    agency_id: int | None = None
    person_id: int | None = None
    tag_id: int | None = None
    status: str | None = None
    language: str | None = None
    urgency: int | None = None

    def __bool__(self):
        return any(getattr(self, f.name) not in (None, "") for f in fields(self))


@dataclass
class Outcome:
    """What a backend answers; the interface turns it into SearchResults."""

    total: int = 0
    facets: dict = field(default_factory=lambda: {"section": {}, "status": {}, "year": {}, "agency": {}})
    rows: list = field(default_factory=list)  # [(id, score)] in page order
    window: int | None = None  # relevance (or facets) covered only the newest this-many matches


@dataclass
class Hit:
    article: object  # Article, with its section loaded
    headline_html: str  # escaped, matched words in <mark>
    snippet_html: str
    score: float | None = None
    writers: list = field(default_factory=list)  # [Person] of its bylines, in order (name and slug loaded)
    agencies: list = field(default_factory=list)  # [Agency] credited (name, short name and slug loaded)


@dataclass
class FacetValue:
    value: object  # id, status or year
    label: str
    count: int
    slug: str = ""


@dataclass
class SearchResults:
    hits: list
    total: int  # exact when total_is_exact, else at least COUNT_LIMIT + 1
    page: int
    per_page: int
    facets: dict = field(default_factory=dict)  # name → [FacetValue], largest first
    ranked_window: int | None = None  # relevance was computed over the newest this-many matches

    @property
    def total_is_exact(self):
        return self.total <= COUNT_LIMIT

    @property
    def total_display(self):
        return f"{self.total:,}" if self.total_is_exact else f"{COUNT_LIMIT:,}+"

    @property
    def facets_exact(self):
        """Facets count every match below the limit; above it, only some (see facets_basis)."""
        return self.total_is_exact

    @property
    def facets_basis(self):
        """What the facet counts cover, in words, when they do not cover every match."""
        if self.facets_exact:
            return ""
        if self.ranked_window:
            return f"the {self.ranked_window:,} newest matches"
        return f"the first {COUNT_LIMIT:,} matches found"

    @property
    def reachable(self):
        """How many results the pages can show (relevance ranks a window of the newest matches)."""
        return min(self.total, self.ranked_window) if self.ranked_window else self.total

    @property
    def num_pages(self):
        return max(1, math.ceil(self.reachable / self.per_page))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def start_index(self):
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self):
        return self.start_index + len(self.hits) - 1 if self.hits else 0
