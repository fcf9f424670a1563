"""The one writer of parsed dispatches: resolve agencies and people, then create the story, update
a draft (write-through), or keep a newer wire version of a story the desk has moved on for review."""
import copy
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag

from ..editing import claim_story, first_revision, lock_for_save, record_revision, set_bylines, snapshot
from ..models import Agency, Article, Dispatch, Person, Status
from ..models.taxonomy import unique_slug
from ..names import name_key, normalise_person_name
from ..rendering import blocks_to_html, blocks_to_markdown
from ..revisions import compare
from ..workflow import transition
from . import statements
from .base import propose_headline
from .detect import parse

CREATED, UPDATED, UNCHANGED, PENDING, WITHDRAWN = "created", "updated", "unchanged", "held for review", "withdrawn"
OUTCOMES = (CREATED, UPDATED, UNCHANGED, PENDING, WITHDRAWN)


@dataclass
class StoreResult:
    article: Article
    outcome: str  # CREATED, UPDATED, UNCHANGED or PENDING


class IngestRun:
    """Agencies, people and tags looked up once for a whole run (a command, an upload), not per file.

    Each file is still its own transaction: when one fails, `forget()` drops what the cache learnt,
    since the rows it created were rolled back with it.

    `wait_for_disk=False` (archive loads, PostgreSQL) commits each file without waiting for the
    write-ahead log to reach the disk: still one atomic transaction per file, much faster on a slow
    disk, but a crash may lose the last fraction of a second of stories (re-running the load restores them:
    stored once, never twice).
    """

    def __init__(self, *, wait_for_disk=True):
        self.wait_for_disk = wait_for_disk
        self.forget()

    def forget(self):
        self._agencies = None  # name key of every spelling → Agency
        self._people = {}
        self._tags = {}

    def known_agency(self, spelling):
        """The Agency named by `spelling` through its aliases, or None."""
        if self._agencies is None:
            self._agencies = {}
            for agency in Agency.objects.all():  # Meta ordering: the first match wins, as in match_agency
                self._learn(agency)
        return self._agencies.get(name_key(spelling))

    def agency(self, spelling):
        """The Agency named by `spelling` (through its aliases); an unknown agency is created."""
        spelling = " ".join(spelling.split())
        agency = self.known_agency(spelling)
        if agency is None:
            short = spelling if len(spelling) <= 12 else ""
            # get_or_create: another upload may be creating the same new agency at this moment.
            agency = Agency.objects.get_or_create(
                name=spelling[:200], defaults={"short_name": short, "slug": unique_slug(Agency, spelling)})[0]
            self._learn(agency)
        return agency

    def _learn(self, agency):
        for key in agency.keys():
            self._agencies.setdefault(key, agency)

    def person(self, raw_name, agency=None):
        """The Person with this name once normalised (`Maria PANINA` is `Maria Panina`), created if new."""
        display = normalise_person_name(raw_name)[:200]
        key = name_key(display)
        person = self._people.get(key)
        if person is None:
            person = Person.objects.filter(name_key=key).order_by("pk").first()
            if person is None:
                person = Person.objects.create(name=display, agency=agency)
            self._people[key] = person
        return person

    def lock_people(self, raw_names):
        """Lock the names not met yet in this run, all at once and in one order (so two uploads can
        never wait for each other): two uploads by one new writer make one Person, not two."""
        keys = {name_key(normalise_person_name(raw)[:200]) for raw in raw_names} - set(self._people)
        if keys:
            statements.lock(*(("person", key) for key in keys))

    def tags(self, names):
        """Tag objects for `names` (created if new), in order, without duplicates."""
        missing = [n for n in names if n not in self._tags]
        if missing:
            self._tags.update((t.name, t) for t in Tag.objects.filter(name__in=missing))
            for name in missing:
                if name not in self._tags:
                    self._tags[name] = Tag.objects.get_or_create(name=name)[0]
        return list(dict.fromkeys(self._tags[n] for n in names))


def checksum(text):
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def _find_existing(parsed, digest, agencies, wait_for_disk):
    """(story this dispatch is a version of, whether this exact text was received for it before).
    A story is found by source id, by identical text, or by agency, dateline and headline: one query."""
    story_key = None
    if agencies and parsed.headline and parsed.dateline_place:
        story_key = (agencies[0].pk, parsed.headline[:300], parsed.dateline_place[:100], parsed.dateline_date)
    source_id = parsed.source_id[:255]
    # Rows of (article id, source id, checksum).
    rows = statements.find_versions(source_id, digest, story_key, wait_for_disk=wait_for_disk)
    # Every row matched one of the three; prefer the sender's id, then the text, then the story key.
    ranked = sorted(rows, key=lambda row: 0 if source_id and row[1] == source_id else 1 if row[2] == digest else 2)
    if not ranked:
        return None, False
    article_id = ranked[0][0]
    seen = any(row[0] == article_id and row[2] == digest for row in rows)
    return Article.objects.get(pk=article_id), seen


def _is_older(parsed, article):
    """A version the sender numbered below the one the story holds (wires resend; files arrive out of
    order): it changes nothing."""
    current = article.source.version if article.source_id else ""
    return parsed.version.isdigit() and current.isdigit() and int(parsed.version) < int(current)


def _apply(article, parsed):
    """Copy the wire's fields onto the story (relations are set after it is saved)."""
    headline = parsed.headline or propose_headline(parsed.lede)
    article.headline = headline[:300]
    article.headline_is_proposed = not parsed.headline
    article.standfirst = parsed.standfirst
    article.body = blocks_to_markdown(parsed.blocks)
    article.language = (parsed.language or "en")[:35]
    article.dateline_place = parsed.dateline_place[:100]
    article.dateline_date = parsed.dateline_date
    if parsed.urgency:
        article.urgency = parsed.urgency
    article.embargo_until = parsed.embargo_until
    if article.first_published_at is None:
        article.slug = ""  # follows the headline until first publication


def _relations(parsed, agencies, run):
    """Credits, tags (Tag objects) and bylines ((Person, role) pairs) of a dispatch, resolved."""
    default_agency = agencies[0] if len(agencies) == 1 else None
    run.lock_people(b.name for b in parsed.bylines if name_key(b.name))
    bylines = list(dict.fromkeys((run.person(b.name, default_agency), b.role or "")
                                 for b in parsed.bylines if name_key(b.name)))
    return run.tags(parsed.tags), bylines


def store_dispatch(parsed, *, user=None, status=Status.DRAFT, section=None, file_name="", run=None):
    """Store one parsed dispatch in one transaction: on any error nothing is written.

    `status` "published" imports past coverage as published at the wire's own time (archive
    migration); otherwise new stories land as drafts. `run` shares lookups across the files of one
    run (an IngestRun).
    """
    run = run or IngestRun()
    try:
        with transaction.atomic():
            return _store(parsed, user if user and user.is_authenticated else None, status, section, file_name, run)
    except BaseException:
        run.forget()
        raise


def _store(parsed, user, status, section, file_name, run):
    digest = checksum(parsed.raw_text)
    agencies = list(dict.fromkeys(run.agency(a) for a in parsed.agencies if name_key(a)))  # not "—" alone
    dispatch = Dispatch(
        format=parsed.format, source_id=parsed.source_id[:255], version=parsed.version[:50],
        file_name=file_name[:500], raw_text=parsed.raw_text, checksum=digest,
        wire_headline=parsed.headline[:300], dateline_place=parsed.dateline_place[:100],
        dateline_date=parsed.dateline_date, agency=agencies[0] if agencies else None, received_by=user,
        pubstatus=parsed.pubstatus,
    )
    article, seen = _find_existing(parsed, digest, agencies, run.wait_for_disk)

    if parsed.pubstatus != Dispatch.PubStatus.USABLE:
        return _stop(article, seen, dispatch, file_name)
    if article is not None:
        if seen or _is_older(parsed, article):
            return StoreResult(article, UNCHANGED)
        dispatch.article = article
        if article.status != Status.DRAFT:
            # Never overwrite copy the desk has moved on: keep the wire's version for review.
            dispatch.applied = False
            dispatch.save()
            return StoreResult(article, PENDING)
        lock_for_save(article, expected_version=None, user=user)
        _apply(article, parsed)
        dispatch.save()
        article.source = dispatch
        article.save()
        tags, bylines = _relations(parsed, agencies, run)
        article.agencies.set(agencies)
        article.tags.set(tags)
        set_bylines(article, bylines)
        record_revision(article, user=user, note="Updated from the wire")
        return StoreResult(article, UPDATED)

    article = Article(created_by=user, updated_by=user, section=section)
    _apply(article, parsed)
    article.fill_derived(blocks_to_html(parsed.blocks))
    tags, bylines = _relations(parsed, agencies, run)
    written = {"tags": [t.name for t in tags], "agencies": agencies, "bylines": bylines}
    revision = first_revision(article, created_with=written, user=user, note="Received from the wire")
    statements.create_story(article, dispatch, agencies, tags, bylines, revision)
    if status == Status.PUBLISHED:
        article = transition(article, "import_published", user=None, at=parsed.sent_at,
                             note=f"Archive import of {file_name or 'a dispatch'}")
    return StoreResult(article, CREATED)


def _stop(article, seen, dispatch, file_name):
    """The wire withheld or cancelled a story. It is kept (never applied) and stops publication
    until a later usable version (Article.wire_stop); a cancelled story that is published (live or
    scheduled) is withdrawn at once: a kill must not wait for someone to read it."""
    word = "cancelled" if dispatch.pubstatus == Dispatch.PubStatus.CANCELED else "withheld"
    if article is None:
        raise ValidationError(f"the wire {word} a story this newsroom never received (source id "
                              f"{dispatch.source_id or 'none'}): nothing was stored")
    if seen:
        return StoreResult(article, UNCHANGED)
    dispatch.article, dispatch.applied = article, False
    dispatch.save()
    if dispatch.pubstatus == Dispatch.PubStatus.CANCELED and article.status == Status.PUBLISHED:
        article = transition(article, "withdraw", user=None,
                             note=f"The wire cancelled this story ({file_name or 'a dispatch'}).")
        return StoreResult(article, WITHDRAWN)
    return StoreResult(article, PENDING)


# --- wire versions held for review --------------------------------------------------------------

class NotApplicable(Exception):
    """A held wire version that cannot be applied (already applied, or of another story)."""


def reparse(dispatch):
    """The ParsedDispatch of a received dispatch, read again from its kept text."""
    return parse(dispatch.raw_text.encode("utf-8"), format=dispatch.format,
                 tz=ZoneInfo(settings.INGEST_TIME_ZONE), now=dispatch.received_at)


def held_version_changes(story, dispatch):
    """What applying a held wire version to `story` would change, field by field (nothing is
    written: agencies and people the wire names but the newsroom does not know yet are shown by name)."""
    parsed = reparse(dispatch)
    run = IngestRun()
    proposed = copy.copy(story)
    _apply(proposed, parsed)
    proposed.fill_derived(blocks_to_html(parsed.blocks))
    # Unsaved stand-ins (deduplicated by name) for what would be created.
    agencies = {}
    for spelling in filter(name_key, parsed.agencies):
        agency = run.known_agency(spelling) or Agency(name=" ".join(spelling.split()))
        agencies.setdefault(agency.name, agency)
    people = {(normalise_person_name(b.name)[:200], b.role or ""): None for b in parsed.bylines if name_key(b.name)}
    after = snapshot(proposed, created_with={
        "tags": list(dict.fromkeys(parsed.tags)), "agencies": list(agencies.values()),
        "bylines": [(Person(name=name), role) for name, role in people]})
    return compare(snapshot(story), after)


def apply_held_version(story, dispatch, *, user, expected_version):
    """Make a wire version held for review the story's text, as a new revision (the replaced text
    stays in the history; on a live story readers see the new text at once). Raises StaleEdit if
    the story moved past `expected_version`, NotApplicable if the version was applied already."""
    parsed = reparse(dispatch)
    run = IngestRun()
    with transaction.atomic():
        story = claim_story(story.pk, expected_version=expected_version, user=user)
        held = Dispatch.objects.select_for_update().filter(pk=dispatch.pk, article=story).first()
        if held is None or held.applied:
            raise NotApplicable("This wire version was applied already, or belongs to another story.")
        if held.pubstatus != Dispatch.PubStatus.USABLE:
            raise NotApplicable(f"the wire {held.get_pubstatus_display().lower()}: there is no text to apply.")
        agencies = list(dict.fromkeys(run.agency(a) for a in parsed.agencies if name_key(a)))
        _apply(story, parsed)
        story.source = held
        story.fill_derived(blocks_to_html(parsed.blocks))
        super(Article, story).save()  # the derived fields are filled
        tags, bylines = _relations(parsed, agencies, run)
        story.agencies.set(agencies)
        story.tags.set(tags)
        set_bylines(story, bylines)
        held.applied = True
        held.save(update_fields=["applied"])
        received = timezone.localtime(held.received_at).strftime("%d %b %Y %H:%M")
        record_revision(story, user=user, note=f"Applied the wire version received {received}")
    return story
