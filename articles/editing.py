"""Saving a story without losing anyone's edit: the optimistic lock and the revision trail."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import Article, Byline, Person, Revision


class StaleEdit(Exception):
    """Someone saved the story after this user opened it."""

    def __init__(self, current):
        user = current.updated_by
        who = (user.get_full_name() or user.get_username()) if user else "the wire desk"
        when = timezone.localtime(current.updated_at).strftime("%H:%M on %-d %b %Y")
        self.current = current
        self.summary = f"Changed by {who} at {when} since you opened it"
        super().__init__(f"{self.summary}. Your text is still in the form; "
                         "copy what you need, reload the story and apply your changes again.")


def lock_for_save(article, *, expected_version, user):
    """Lock the story's row and claim the next version, or raise StaleEdit.

    Call inside a transaction, before saving: the row lock makes two simultaneous saves queue up,
    and the second one sees the version the first one wrote.
    """
    # No join here: after waiting for a lock, PostgreSQL re-reads the locked row but not the rows
    # joined to it, so who saved is looked up afterwards, by a statement of its own.
    current = Article.objects.select_for_update().only("version", "updated_at", "updated_by").get(pk=article.pk)
    if expected_version is not None and int(expected_version) != current.version:
        raise StaleEdit(current)
    article.version = current.version + 1
    article.updated_at = timezone.now()
    article.updated_by = user if user and user.is_authenticated else None


def claim_story(pk, *, expected_version, user):
    """The story as it stands now, row locked and next version claimed (see lock_for_save).

    Read after the lock, so it holds what the last committed save wrote, never an older copy.
    The caller's own objects are left untouched, so a refusal changes nothing anywhere.
    """
    holder = Article(pk=pk)
    lock_for_save(holder, expected_version=expected_version, user=user)
    story = Article.objects.select_related("lead_image", "section").get(pk=pk)
    story.version, story.updated_at, story.updated_by = holder.version, holder.updated_at, holder.updated_by
    return story


def snapshot(article, *, created_with=None):
    """The editable content of a story, as plain JSON (for revisions and diffs). `created_with`: see
    first_revision."""
    if created_with is None:
        tags = article.tags.names()
        agencies = article.agencies.all()
        bylines = [(b.person, b.role) for b in article.bylines.select_related("person").order_by("position")]
    else:
        tags, agencies, bylines = created_with["tags"], created_with["agencies"], created_with["bylines"]
    return {
        "headline": article.headline,
        "headline_is_proposed": article.headline_is_proposed,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "section": article.section.name if article.section_id else "",
        "tags": sorted(tags),
        "language": article.language,
        "dateline_place": article.dateline_place,
        "dateline_date": article.dateline_date.isoformat() if article.dateline_date else "",
        "agencies": sorted(a.name for a in agencies),
        "bylines": [[person.name, role] for person, role in bylines],
        "urgency": article.urgency,
        "embargo_until": article.embargo_until.isoformat() if article.embargo_until else "",
        "lead_image": article.lead_image_id,
    }


def record_revision(article, *, user=None, note=""):
    """Keep a revision of the story as it now stands, naming the fields that changed."""
    data = snapshot(article)
    previous = article.revisions.order_by("-version").first()
    changed = sorted(k for k in data if previous is None or previous.data.get(k) != data[k])
    if previous is not None and not changed:
        return previous
    return Revision.objects.create(
        article=article, version=article.version, user=user if user and user.is_authenticated else None,
        data=data, changed=changed, note=note,
    )


def first_revision(article, *, created_with, user=None, note=""):
    """The (unsaved) first revision of a story being created, every field new. `created_with`: the
    relations written with it — {"tags": names, "agencies": Agency objects, "bylines": (Person, role)
    pairs} — so nothing is read back (wire ingest stores hundreds of stories a second)."""
    data = snapshot(article, created_with=created_with)
    return Revision(version=article.version, user=user if user and user.is_authenticated else None,
                    data=data, changed=sorted(data), note=note)


def set_bylines(article, credits):
    """Replace a story's bylines with `credits`, an ordered list of (Person, role)."""
    seen = set()
    rows = []
    for person, role in credits:
        if (person.pk, role) in seen:
            continue
        seen.add((person.pk, role))
        rows.append(Byline(article=article, person=person, role=role or "", position=len(rows) + 1))
    with transaction.atomic():
        article.bylines.all().delete()
        Byline.objects.bulk_create(rows)


def person_for(name, agency=None):
    """The Person with this (normalised) name, created if new."""
    from .names import name_key, normalise_person_name

    display = normalise_person_name(name)
    person = Person.objects.filter(name_key=name_key(display)).order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=display, agency=agency)
    return person


@dataclass(frozen=True)
class Restored:
    story: Article
    revision: Revision
    notes: list  # what could not be brought back, in words for the editor


def restore_revision(article, revision, *, user, expected_version):
    """Bring the story's content back to `revision`, saved as a new revision (the text being
    replaced stays in the history).

    Raises StaleEdit if the story moved past `expected_version`. The public address (slug) of a
    story that has been published is kept: changing it is a separate, deliberate edit.
    """
    from django.utils.dateparse import parse_date, parse_datetime

    from .models import Agency, Image, Section

    data, notes = revision.data, []
    with transaction.atomic():
        story = claim_story(article.pk, expected_version=expected_version, user=user)
        for name in ("headline", "headline_is_proposed", "standfirst", "body", "language", "dateline_place", "urgency"):
            if name in data:
                setattr(story, name, data[name])
        if story.first_published_at is None and data.get("slug") is not None:
            story.slug = data["slug"]
        story.dateline_date = parse_date(data["dateline_date"]) if data.get("dateline_date") else None
        story.embargo_until = parse_datetime(data["embargo_until"]) if data.get("embargo_until") else None
        if data.get("section"):
            section = Section.objects.filter(name=data["section"]).first()
            if section is None:
                notes.append(f"Section “{data['section']}” no longer exists; the section was left as it is.")
            else:
                story.section = section
        else:
            story.section = None
        image_id = data.get("lead_image")
        story.lead_image = Image.objects.filter(pk=image_id).first() if image_id else None
        if image_id and story.lead_image is None:
            notes.append("The lead image of that version has been deleted.")
        story.save()
        story.tags.set(data.get("tags", []))
        agencies = list(Agency.objects.filter(name__in=data.get("agencies", [])))
        missing = sorted(set(data.get("agencies", [])) - {a.name for a in agencies})
        if missing:
            notes.append("No longer on file, not restored: agency " + ", ".join(missing) + ".")
        story.agencies.set(agencies)
        set_bylines(story, [(person_for(name), role) for name, role in data.get("bylines", [])])
        restored = record_revision(story, user=user, note=f"Restored version {revision.version}")
    return Restored(story, restored, notes)
