"""Headless Chromium for browser tests (Debian's `chromium`; Playwright drives it)."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def require_chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for browser tests (apt-get install chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium)")


_shared = {"users": 0}


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    # Each test module that imports this fixture gets its own session-scoped copy, but Playwright's
    # sync API allows one instance per thread: the copies share one browser, closed by the last.
    if _shared["users"] == 0:
        # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
        # test itself are still synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
    _shared["users"] += 1
    yield _shared["browser"]
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
