"""The content version without a query per request: a cache hit asks no database, and an edit
committed anywhere is seen at the next request (content/version.py)."""

import os

import pytest
from django.db import models, transaction
from django.utils.timezone import now

from content import version
from content.models import ContentVersion
from tests.factories import make_chapter, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def stamp(settings, tmp_path):
    settings.PAGE_CACHE = True
    settings.CONTENT_VERSION_SOURCE = "stamp"
    settings.CONTENT_VERSION_STAMP = str(tmp_path / "content-version")
    version.reset()
    return tmp_path / "content-version"


def committed_elsewhere() -> None:
    """What another app server's edit does here: the row goes up, then its commit replaces the stamp."""
    ContentVersion.objects.filter(pk=1).update(counter=models.F("counter") + 1)
    version._write_stamp()


def test_a_cache_hit_asks_no_database(
    client, stamp, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the editor's save commits
        chapter = make_chapter()
        make_section(chapter=chapter, body_nl="Eerste versie.")
    first = client.get(chapter.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(chapter.get_absolute_url())
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_an_edit_committed_by_another_process_is_seen_at_the_next_request(client, stamp):
    chapter = make_chapter()
    section = make_section(chapter=chapter, body_nl="Eerste versie.")
    client.get(chapter.get_absolute_url())  # cached, and this process remembers the version
    # The other app server saved the section: this process only sees the rows (the section and
    # its chapter's content stamp, moved by the save's signal over there) and the stamp change.
    type(section).objects.filter(pk=section.pk).update(body_nl="Tweede versie.", updated_at=now())
    type(chapter).objects.filter(pk=chapter.pk).update(content_changed_at=now())
    committed_elsewhere()
    assert "Tweede versie." in client.get(chapter.get_absolute_url()).content.decode()


def test_a_save_in_this_process_is_seen_before_it_commits(client, stamp):
    chapter = make_chapter()
    section = make_section(chapter=chapter, body_nl="Eerste versie.")
    client.get(chapter.get_absolute_url())
    with transaction.atomic():
        section.body_nl = "Tweede versie."
        section.save()  # the bump forgets this process's memory at once
        assert "Tweede versie." in client.get(chapter.get_absolute_url()).content.decode()


def test_the_stamp_is_replaced_only_when_the_edit_commits(
    stamp, django_capture_on_commit_callbacks
):
    version.current_version()  # the first request on a fresh machine writes the stamp
    before = os.stat(stamp).st_ino, os.stat(stamp).st_mtime_ns
    with django_capture_on_commit_callbacks() as callbacks:
        ContentVersion.bump()
    assert (os.stat(stamp).st_ino, os.stat(stamp).st_mtime_ns) == before
    for callback in callbacks:  # the commit
        callback()
    assert (os.stat(stamp).st_ino, os.stat(stamp).st_mtime_ns) != before


def test_a_rolled_back_edit_leaves_no_version_behind(stamp):
    start = version.current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ContentVersion.bump()
        assert version.current_version() == start + 1
        raise RuntimeError("the save fails after the bump")
    assert version.current_version() == start


def test_without_a_stamp_file_every_request_reads_the_row(stamp, settings, tmp_path):
    settings.CONTENT_VERSION_STAMP = str(tmp_path / "read-only" / "content-version")
    (tmp_path / "read-only").mkdir()
    (tmp_path / "read-only").chmod(0o500)
    try:
        if os.access(tmp_path / "read-only", os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        start = version.current_version()
        ContentVersion.objects.filter(pk=1).update(counter=models.F("counter") + 1)
        assert version.current_version() == start + 1
    finally:
        (tmp_path / "read-only").chmod(0o700)


@pytest.fixture
def shared(settings):
    """The "cache" source on this test's cache backend (Redis in CI's PostgreSQL stage)."""
    settings.PAGE_CACHE = True
    settings.CONTENT_VERSION_SOURCE = "cache"
    version.reset()


def test_with_the_shared_cache_a_hit_asks_no_database(
    client, shared, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chapter = make_chapter()
    first = client.get(chapter.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(chapter.get_absolute_url()).content == first.content


def test_with_the_shared_cache_a_committed_edit_is_published(
    client, shared, django_capture_on_commit_callbacks
):
    chapter = make_chapter()
    section = make_section(chapter=chapter, body_nl="Eerste versie.")
    client.get(chapter.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        section.body_nl = "Tweede versie."
        section.save()
    assert "Tweede versie." in client.get(chapter.get_absolute_url()).content.decode()


def test_what_a_rolled_back_edit_showed_is_never_remembered(
    client, stamp, django_capture_on_commit_callbacks
):
    """The published chapters are remembered per content version (content.memo): a rolled back
    edit's version number comes again with the next commit, and must not find its content."""
    with django_capture_on_commit_callbacks(execute=True):
        chapter = make_chapter(title_nl="Werk zoeken")
    url = chapter.get_absolute_url()
    assert "<title>Werk zoeken" in client.get(url).content.decode()
    with pytest.raises(RuntimeError), transaction.atomic():
        chapter.title_nl = "Teruggedraaid"
        chapter.save()
        assert "<title>Teruggedraaid" in client.get(url).content.decode()  # its own edit
        raise RuntimeError("the save fails after the page was read")
    with django_capture_on_commit_callbacks(execute=True):
        chapter.refresh_from_db()
        chapter.title_nl = "Werk vinden"
        chapter.save()  # the same version number the rolled back edit had
    html = client.get(url).content.decode()
    assert "<title>Werk vinden" in html and "Teruggedraaid" not in html
