import io

import pytest
from django.core.management import call_command
from django.db import transaction


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


@pytest.fixture(scope="module")
def _kit_for_module(django_db_setup, django_db_blocker):
    """Load the kit once per test module, inside a transaction that is rolled back at the end.

    Each test's own `db` transaction nests inside it as a savepoint (as in Django's
    TestCase.setUpTestData), so tests may change the kit freely. Keep tests that need an
    empty database in modules without `kit`.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_starterskit", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def kit(_kit_for_module, db):
    """The whole starterskit as `make run` loads it: chapters, pages, organisations, maps, translations."""


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Views are tested uncached (tests/test_page_cache.py tests the cache itself), from an empty cache:
    the content version is rolled back between tests, so old entries could look current."""
    from django.core.cache import cache

    from content import glossary

    settings.PAGE_CACHE = False
    cache.clear()
    glossary._INDEXES.clear()
