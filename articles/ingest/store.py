"""The one writer of parsed dispatches: resolve agencies and people, then create the story, update
a draft (write-through), or keep a newer wire version for the desk to review."""
import hashlib
from dataclasses import dataclass

from django.db import transaction

from ..editing import lock_for_save, person_for, record_revision, set_bylines
from ..models import Agency, Article, Dispatch, Section, Status
from ..models.taxonomy import match_agency, unique_slug
from ..rendering import blocks_to_markdown
from ..workflow import transition
from .base import propose_headline

CREATED, UPDATED, UNCHANGED, PENDING = "created", "updated", "unchanged", "held for review"


@dataclass
class StoreResult:
    article: Article
    outcome: str  # CREATED, UPDATED, UNCHANGED or PENDING


def checksum(text):
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def resolve_agency(spelling, known):
    """The Agency named by `spelling` among `known` (through aliases); an unknown agency is
    created (and added to `known`), not dropped."""
    spelling = " ".join(spelling.split())
    agency = match_agency(known, spelling)
    if agency is None:
        short = spelling if len(spelling) <= 12 else ""
        agency = Agency.objects.create(name=spelling[:200], short_name=short, slug=unique_slug(Agency, spelling))
        known.append(agency)
    return agency


def _find_existing(parsed, digest, agencies):
    """The story this dispatch is a version of: same source id, same text, or the same agency,
    dateline and headline."""
    dispatches = Dispatch.objects.filter(article__isnull=False).select_related("article")
    if parsed.source_id:
        found = dispatches.filter(source_id=parsed.source_id).first()
        if found:
            return found.article
    found = dispatches.filter(checksum=digest).first()
    if found:
        return found.article
    if agencies and parsed.headline and parsed.dateline_place:
        found = dispatches.filter(
            agency=agencies[0], wire_headline=parsed.headline, dateline_place=parsed.dateline_place,
            dateline_date=parsed.dateline_date,
        ).first()
        if found:
            return found.article
    return None


def _apply(article, parsed, agencies):
    """Copy the wire's fields onto the story (relations are set after it is saved)."""
    headline = parsed.headline or propose_headline(parsed.lede)
    article.headline = headline[:300]
    article.headline_is_proposed = not parsed.headline
    article.standfirst = parsed.standfirst
    article.body = blocks_to_markdown(parsed.blocks)
    article.language = parsed.language or "en"
    article.dateline_place = parsed.dateline_place
    article.dateline_date = parsed.dateline_date
    if parsed.urgency:
        article.urgency = parsed.urgency
    article.embargo_until = parsed.embargo_until
    if article.first_published_at is None:
        article.slug = ""  # follows the headline until first publication


def _set_relations(article, parsed, agencies):
    article.agencies.set(agencies)
    default_agency = agencies[0] if len(agencies) == 1 else None
    set_bylines(article, [(person_for(b.name, default_agency), b.role) for b in parsed.bylines])
    if parsed.tags:
        article.tags.set([t[:100] for t in parsed.tags])


@transaction.atomic
def store_dispatch(parsed, *, user=None, status=Status.DRAFT, section=None, file_name=""):
    """Store one parsed dispatch. One transaction: on any error nothing is written.

    `status` "published" imports past coverage as published at the wire's own time (archive
    migration); otherwise new stories land as drafts.
    """
    digest = checksum(parsed.raw_text)
    known = list(Agency.objects.all())
    agencies = list(dict.fromkeys(resolve_agency(a, known) for a in parsed.agencies if a.strip()))
    dispatch = Dispatch(
        format=parsed.format, source_id=parsed.source_id[:255], version=parsed.version[:50],
        file_name=file_name[:500], raw_text=parsed.raw_text, checksum=digest,
        wire_headline=parsed.headline[:300], dateline_place=parsed.dateline_place[:100],
        dateline_date=parsed.dateline_date, agency=agencies[0] if agencies else None,
        received_by=user if user and user.is_authenticated else None,
    )
    article = _find_existing(parsed, digest, agencies)

    if article is not None:
        dispatch.article = article
        if article.dispatches.filter(checksum=digest).exists():
            return StoreResult(article, UNCHANGED)
        if article.status != Status.DRAFT:
            # Never overwrite copy the desk has moved on: keep the wire's version for review.
            dispatch.applied = False
            dispatch.save()
            return StoreResult(article, PENDING)
        lock_for_save(article, expected_version=None, user=user)
        _apply(article, parsed, agencies)
        dispatch.save()
        article.source = dispatch
        article.save()
        _set_relations(article, parsed, agencies)
        record_revision(article, user=user, note="Updated from the wire")
        return StoreResult(article, UPDATED)

    article = Article(created_by=user if user and user.is_authenticated else None, section=section)
    _apply(article, parsed, agencies)
    article.save()
    dispatch.article = article
    dispatch.save()
    article.source = dispatch
    article.save(update_fields=["source"])
    _set_relations(article, parsed, agencies)
    record_revision(article, user=user, note="Received from the wire")
    if status == Status.PUBLISHED:
        article = transition(article, "import_published", user=None, at=parsed.sent_at,
                             note=f"Archive import of {file_name or 'a dispatch'}")
    return StoreResult(article, CREATED)
