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


@pytest.fixture(scope="session")
def browser(request):
    """One headless Chromium for the whole run (registered once, in tests/conftest.py: Playwright's
    sync API cannot run twice at once in a thread). Kept on the pytest config, closed at the end."""
    require_chromium()
    shared = getattr(request.config, "_newsroom_chromium", None)
    if shared is None:
        # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
        # test itself are still synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        shared = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                  "--no-first-run", "--disable-component-update", "--disable-sync"],
        )
        request.config._newsroom_chromium = shared

        def stop():
            # At the end of the session, before the test database goes: open keep-alive
            # connections to the live server would otherwise hold database sessions.
            shared.close()
            playwright.stop()
            del request.config._newsroom_chromium

        request.addfinalizer(stop)
    yield shared


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
