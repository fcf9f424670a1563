import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSROOM_SHARED", REPO.parent / "shared"))
SEED = SHARED / "seed" / "000_945cfe59dec50354.txt"


def shared_file(*parts):
    """A file from ../shared (official samples, wire corpus); the test is skipped without it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is only on development machines)")
    return path


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor(db):
    from tests import factories

    return factories.editor()


@pytest.fixture
def reporter(db):
    from tests import factories

    return factories.reporter()


@pytest.fixture
def archive(db):
    """Harbour stories across sections, agencies, tags, languages, urgencies and years (search tests)."""
    import datetime

    from django.utils import timezone

    from articles.models import Agency
    from tests import factories

    now = timezone.now()
    world, business = factories.section("World"), factories.section("Business")
    afp, reuters = Agency.objects.get(short_name="AFP"), Agency.objects.get(short_name="Reuters")
    plan = [  # (years ago, section, agencies, tags, language, urgency, byline)
        (0, world, [afp], ["Ports"], "en", 3, "Ana Lima"),
        (0, business, [reuters], ["Ports"], "en", 5, "Ana Lima"),
        (1, world, [afp, reuters], [], "fr", 5, "Ben Okafor"),
        (2, business, [], ["Trade"], "en", 4, "Ben Okafor"),
        (2, world, [reuters], ["Ports", "Trade"], "en", 5, "Ana Lima"),
        (5, business, [afp], [], "es", 2, "Cleo Marsh"),
    ]
    for n, (years, section, agencies, tags, language, urgency, byline) in enumerate(plan):
        story = factories.published(f"Harbour story {n}", body="Cranes and harbour cargo.", section_obj=section,
                                    bylines=[byline], tags=tags, language=language, urgency=urgency,
                                    at=now - datetime.timedelta(days=365 * years + 10))
        story.agencies.set(agencies)
    factories.article("Harbour draft", body="Harbour plans.", section_obj=world, bylines=["Cleo Marsh"])
    factories.published("Unrelated market story", body="Nothing about ports.", section_obj=business)
    return {"world": world, "business": business, "afp": afp, "reuters": reuters}


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# One headless Chromium for the whole run, shared by every browser test module (Playwright's
# sync API cannot run two instances side by side).
from tests.browser import browser  # noqa: E402,F401
