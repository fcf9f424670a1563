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
def media(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# One headless Chromium for the whole run, shared by every browser test module (Playwright's
# sync API cannot run two instances side by side).
from tests.browser import browser  # noqa: E402,F401
