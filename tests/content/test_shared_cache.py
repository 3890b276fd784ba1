"""Many app servers on one Redis (REDIS_URL): pages and the content version are shared, a second
server starts warm, edits are seen everywhere, and a lost Redis never breaks a page.

These run where REDIS_URL is set (CI's PostgreSQL stage starts Debian's redis-server); without
it they skip, unless REQUIRE_REDIS=1 makes that a failure.
"""

import os

import pytest
from django.conf import settings as project_settings
from django.core.cache import cache

from content import version
from content.models import ContentVersion
from tests.factories import make_chapter, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture(autouse=True)
def redis_configured(settings):
    if not project_settings.REDIS_URL:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but REDIS_URL is not set")
        pytest.skip("no REDIS_URL: .ci/run starts a Redis server for these")
    assert "RedisCache" in settings.CACHES["default"]["BACKEND"]
    settings.PAGE_CACHE = True
    settings.CONTENT_VERSION_SOURCE = "cache"
    version.reset()


def another_app_server() -> None:
    """A second process starts with an empty memory; only Redis and the database are shared."""
    version.reset()


def test_a_second_app_server_starts_warm(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chapter = make_chapter()
        make_section(chapter=chapter, body_nl="Gedeelde versie.")
    first = client.get(chapter.get_absolute_url())
    another_app_server()
    with django_assert_num_queries(0):
        second = client.get(chapter.get_absolute_url())
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_an_edit_on_one_server_is_seen_by_the_other_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chapter = make_chapter()
        section = make_section(chapter=chapter, body_nl="Eerste versie.")
    client.get(chapter.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):  # saved on the first server
        section.body_nl = "Tweede versie."
        section.save()
    another_app_server()
    assert "Tweede versie." in client.get(chapter.get_absolute_url()).content.decode()


def test_edits_published_out_of_order_never_lower_the_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ContentVersion.bump()
    latest = ContentVersion.current()
    version._raise_cached_version(latest)
    version._raise_cached_version(latest - 1)  # an earlier edit's late publish
    assert cache.get(version.CACHE_KEY) == latest


def test_a_lost_redis_serves_pages_uncached_instead_of_failing(client, settings):
    chapter = make_chapter(title_nl="Werk zoeken")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    response = client.get(chapter.get_absolute_url())
    assert response.status_code == 200 and "Werk zoeken" in response.content.decode()
