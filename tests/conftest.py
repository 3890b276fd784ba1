"""Fixtures for the whole suite.

The starterskit is loaded once per test session on each database: the tests that use the
`kit` fixture run first, together, inside one outer transaction that holds the kit (each
test's own transaction is a savepoint within it, as in Django's TestCase.setUpTestData, so
tests may change the kit freely). When the first test without `kit` comes, the outer
transaction is rolled back and the rest of the suite runs on an empty database.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

KIT = "kit"


def pytest_configure(config):
    from django.conf import settings

    # Real password hashing takes a third of a second per user on purpose; tests make dozens of
    # users and test their own rules, not the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # One content-version stamp per pytest-xdist worker: another worker's commit() replaces a
    # shared stamp, and the next request here reads the version again (one query more than a
    # test that counts queries expects).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        stamp = Path(settings.CONTENT_VERSION_STAMP)
        settings.CONTENT_VERSION_STAMP = str(stamp.with_name(f"{stamp.name}-test-{worker}"))


def pytest_collection_modifyitems(config, items):
    """Run every test that uses the kit first (a stable sort keeps each group's own order)."""
    items.sort(key=lambda item: 0 if KIT in getattr(item, "fixturenames", ()) else 1)


class KitSession:
    """The loaded kit, held in an outer transaction until the first test that needs an empty database."""

    def __init__(self):
        self.blocker = None
        self.atomic = None

    def start(self) -> bool:
        """Load the kit unless it is loaded; True when it had to."""
        if self.atomic is not None:
            return False
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            call_command("load_starterskit", stdout=io.StringIO())
        return True

    def stop(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


KIT_SESSION = KitSession()


def uses_database(item) -> bool:
    names = getattr(item, "fixturenames", ())
    return (
        item.get_closest_marker("django_db") is not None
        or "db" in names
        or "transactional_db" in names
        or "live_server" in names
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test without the kit sets up its database, end the kit's transaction."""
    if KIT not in getattr(item, "fixturenames", ()) and uses_database(item):
        KIT_SESSION.stop()


@pytest.fixture(scope="session")
def _kit_loaded(django_db_setup, django_db_blocker):
    KIT_SESSION.blocker = django_db_blocker
    KIT_SESSION.start()
    yield KIT_SESSION
    KIT_SESSION.stop()


@pytest.fixture
def kit(_kit_loaded, db):
    """The whole starterskit as `make run` loads it: chapters, pages, organisations, maps, glossary, translations."""
    # Loaded again only when an earlier test without the kit ended the shared one (an unusual
    # order, e.g. -k): then it lives in this test's transaction only.
    reloaded = _kit_loaded.start()
    yield
    if reloaded:
        _kit_loaded.stop()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first, so skip the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture
def commit():
    """`commit()`: treat the test's edits so far as committed, as in production. A test runs in
    one transaction that never commits, and what a page reads after an uncommitted edit is never
    stored (it could roll back: content.version); call this to test what pages store."""
    from content.version import publish

    return publish


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Views are tested uncached (tests/test_page_cache.py tests the cache itself), from empty
    caches: the content version is rolled back between tests, so old entries could look current,
    and a test that flushes the database (the backup test) gives content types new ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.utils import translation

    from content.memo import forget_all
    from content.version import reset as reset_version

    settings.PAGE_CACHE = False
    cache.clear()
    reset_version()  # this process's memory of the version
    # Keyed by the content version, which repeats after each test's rollback: a rule or chapter
    # changed in one test must not be served to the next from these memories.
    forget_all()
    yield
    ContentType.objects.clear_cache()
    translation.activate(settings.LANGUAGE_CODE)  # a view that activated "fa" must not leak
