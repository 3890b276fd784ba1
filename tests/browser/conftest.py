"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They are marked `browser`. Without Chromium they skip, unless REQUIRE_BROWSER=1 (set by
`make test-browser` and CI), where a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return shutil.which(configured) or (configured if os.path.exists(configured) else None)
    return next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "Chromium is required (REQUIRE_BROWSER=1) but was not found; install Debian's chromium."
            )
        pytest.skip(
            "Chromium not installed; `make test-browser` or .ci/run installs and runs these."
        )
    # Playwright's sync API runs an event loop in this thread; Django's live server runs in
    # another thread, so the test's own ORM calls are safe despite the async context.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records console errors and failed requests."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    tab.on("requestfailed", lambda req: tab.console_errors.append(f"failed: {req.url}"))
    yield tab
    # Let htmx requests still in flight finish before the live server's database is flushed.
    try:
        tab.wait_for_load_state("networkidle", timeout=5000)
    except Exception:  # noqa: BLE001 - a page that never idles must not hide the test's own result
        pass
    context.close()
