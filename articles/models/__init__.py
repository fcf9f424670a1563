"""The newsroom's data model. Modules by concept; import names from here."""
from .article import Article, ArticleQuerySet, ArticleURL, Byline, Status, public_candidates
from .media import Image
from .pages import StoryPage
from .records import Correction, Dispatch, Revision, Transition
from .search import SearchDocument
from .taxonomy import RESERVED_SLUGS, Agency, Person, Section

__all__ = [
    "RESERVED_SLUGS",
    "Agency",
    "Article",
    "ArticleQuerySet",
    "ArticleURL",
    "Byline",
    "Correction",
    "Dispatch",
    "Image",
    "Person",
    "Revision",
    "SearchDocument",
    "Section",
    "Status",
    "StoryPage",
    "Transition",
    "public_candidates",
]
