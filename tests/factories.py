"""Small factories: build exactly the data a test needs, nothing more."""
import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.editing import record_revision, set_bylines
from articles.models import Agency, Article, Person, Section
from articles.workflow import transition

_n = itertools.count(1)


def section(name="World", slug=None):
    return Section.objects.get_or_create(slug=slug or name.lower(), defaults={"name": name})[0]


def person(name="Ada Reporter", **kwargs):
    return Person.objects.create(name=name, **kwargs)


def user(username, group=None, **kwargs):
    account = User.objects.create_user(username=username, password="pw", is_staff=True, **kwargs)
    if group:
        account.groups.add(Group.objects.get(name=group))
    return account


def editor(username="editor", first_name="Edith", last_name="Editor"):
    return user(username, "Editors", first_name=first_name, last_name=last_name)


def reporter(username="reporter"):
    return user(username, "Reporters", first_name="Reza", last_name="Reporter")


def article(headline=None, *, body="First paragraph.\n\nSecond paragraph.", section_obj=None, bylines=("Ada Reporter",),
            agencies=(), tags=(), created_by=None, **fields):
    """A complete draft: headline, body, section, byline — ready to publish."""
    story = Article.objects.create(
        headline=headline or f"Story number {next(_n)}",
        body=body,
        section=section_obj if section_obj is not None else section(),
        created_by=created_by,
        **fields,
    )
    people = [Person.objects.filter(name=n).first() or person(n) for n in bylines]
    set_bylines(story, [(p, "") for p in people])
    if agencies:
        story.agencies.set(Agency.objects.filter(short_name__in=agencies))
    if tags:
        story.tags.set(list(tags))
    record_revision(story, user=created_by)
    return story


def published(headline=None, *, at=None, **kwargs):
    """A public story, live since `at` (default: an hour ago)."""
    story = article(headline, **kwargs)
    return transition(story, "import_published", user=None,
                      at=at or timezone.now() - datetime.timedelta(hours=1))


def jpeg_bytes(width=1600, height=1200, color=(40, 90, 160), exif_orientation=None, quality=85):
    """A real JPEG made with Pillow (optionally with an EXIF orientation and camera metadata)."""
    import io

    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (width, height), color)
    # A marker in the top-left corner, to see where the crop and rotation put it.
    picture.paste((255, 0, 0), (0, 0, max(width // 8, 1), max(height // 8, 1)))
    exif = PILImage.Exif()
    exif[0x010F] = "Newsroom Test Camera"  # Make
    exif[0x0131] = "factory"  # Software
    if exif_orientation:
        exif[0x0112] = exif_orientation
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality, exif=exif.tobytes())
    return buffer.getvalue()


def image(*, alt_text="A ferry terminal at dusk", caption="The old terminal.", credit="Photo: Test Agency",
          content=None, name="terminal.jpg", **fields):
    """An Image with a real picture file (stored in MEDIA_ROOT: point it at tmp_path in tests)."""
    from django.core.files.base import ContentFile

    from articles.models import Image

    picture = Image(alt_text=alt_text, caption=caption, credit=credit,
                    file=ContentFile(content or jpeg_bytes(), name=name), **fields)
    picture.save()
    return picture


def correct(story, text="An earlier version misspelled the mayor’s name.", user=None, kind=None):
    """Add a public correction through the workflow."""
    return transition(story, "correct", user=user, note=text, kind=kind)


def admin_form_data(story, **changes):
    """What the admin's change form posts for `story` as it stands, with `changes` applied
    (`opened_version` defaults to the story's current version)."""
    data = {
        "headline": story.headline, "standfirst": story.standfirst, "body": story.body,
        "section": story.section_id or "", "language": story.language, "urgency": story.urgency,
        "dateline_place": story.dateline_place, "slug": story.slug, "opened_version": story.version,
        "tags": list(story.tags.names()),
        "bylines-TOTAL_FORMS": 1, "bylines-INITIAL_FORMS": 0,
        "bylines-0-position": 1, "bylines-0-person": story.bylines.first().person_id, "bylines-0-role": "",
        "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data
