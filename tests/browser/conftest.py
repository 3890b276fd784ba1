"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They are marked `browser`. Without Chromium they skip, unless REQUIRE_BROWSER=1 (set by
`make test-browser` and CI), where a missing browser is a failure.
"""

import io
import os
import shutil

import pytest
from django.core.management import call_command

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


class CommittedKit:
    """The kit, committed once to the test database, for every browser test that only reads it.

    The live server answers from another thread, so it sees only committed data: these tests
    cannot run inside a rolled-back transaction. Tests that write (stored scripts, signing in)
    run on an emptied database instead, and the kit is loaded again if a reader test follows.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.loaded = False

    def load(self) -> None:
        if not self.loaded:
            with self.blocker.unblock():
                call_command("load_starterskit", stdout=io.StringIO())
            self.loaded = True

    def clear(self) -> None:
        if self.loaded:
            with self.blocker.unblock():
                call_command("flush", interactive=False, stdout=io.StringIO())
            self.loaded = False


@pytest.fixture(scope="session")
def _committed_kit(django_db_setup, django_db_blocker):
    return CommittedKit(django_db_blocker)


@pytest.fixture
def kit(_committed_kit):
    """The whole starterskit, committed; a test that uses it must not change it."""
    _committed_kit.load()


@pytest.fixture
def transactional_db(request, _committed_kit, django_db_blocker):
    """pytest-django's transactional database (the live server asks for it), except for kit readers.

    A test that reads the committed kit gets plain database access and no flush afterwards;
    any other test starts from an empty database and is flushed after, as usual.
    """
    if "kit" in request.fixturenames:
        with django_db_blocker.unblock():
            yield
        return
    _committed_kit.clear()
    request.getfixturevalue("_django_db_helper")
    yield


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
