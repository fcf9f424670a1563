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


_RUNNING = {}


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    # Every test module imports this fixture, so pytest may ask for it once per module; Playwright's
    # sync API allows only one instance per thread, so later requests share the first browser.
    if "browser" in _RUNNING:
        yield _RUNNING["browser"]
        return
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        _RUNNING["browser"] = instance
        try:
            yield instance
        finally:
            _RUNNING.clear()
            instance.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
