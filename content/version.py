"""Which content version a request sees, without asking the database on every request.

Pages and fragments are cached under the content version (content.page_cache); every save bumps
the counter in the database (content.invalidation). Reading that row costs a round trip per
request, so each process remembers the version and learns of a change from a *source*
(settings.CONTENT_VERSION_SOURCE):

- "stamp" (the default without REDIS_URL): a small file that every committed bump replaces. A
  request costs one os.stat(); a new file means "read the row again". The app servers must share
  the file system, i.e. run on one machine.
- "cache" (the default with REDIS_URL): the shared cache holds the version; a request costs one
  cache get. Any number of app servers on any number of machines.
- "database": read the row on every request (one query): several machines without Redis.

Either way an edit is seen on every app server at its next request after the commit; a process
that bumps forgets its memory at once, so it also sees its own uncommitted edit (the admin after
a save, a test inside a transaction).
"""

import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction

from .models import ContentVersion

logger = logging.getLogger(__name__)

CACHE_KEY = "content-version"
SOURCES = ("stamp", "cache", "database")

# The version this process read, and the stamp it saw *before* reading it (see _from_stamp).
_memory: dict[str, object] = {"version": None, "stamp": None}
_lock = threading.Lock()
# Per thread (Django's database connections are per thread): this thread bumped in a transaction
# that has not ended, so it reads the row, and remembers nothing it might have to take back.
_uncommitted = threading.local()

# Set the shared cache's version only upward: two edits that commit close together may publish
# out of order, and the later, lower value must not win.
_RAISE_SCRIPT = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
"""


def current_version() -> int:
    if getattr(_uncommitted, "bump", False):
        if connection.in_atomic_block:
            return ContentVersion.current()  # this thread's own edit, before it commits
        _uncommitted.bump = False  # the transaction ended without a commit: rolled back
        forget()
    source = settings.CONTENT_VERSION_SOURCE
    if source == "stamp":
        return _from_stamp()
    if source == "cache":
        return _from_cache()
    return ContentVersion.current()


def bumped_in_open_transaction() -> bool:
    """This thread bumped the version in a transaction that has not ended yet."""
    return getattr(_uncommitted, "bump", False) and connection.in_atomic_block


def bumped() -> None:
    """Called by ContentVersion.bump(): forget now, tell the other processes after the commit."""
    _uncommitted.bump = connection.in_atomic_block  # outside one, the bump is already committed
    forget()
    transaction.on_commit(publish)


def forget() -> None:
    with _lock:
        _memory["version"] = _memory["stamp"] = None


def reset() -> None:
    """Forget everything, as a new process would (tests roll back their transactions)."""
    _uncommitted.bump = False
    forget()


def publish() -> None:
    """Make the committed version visible to every process (the source's half of a bump)."""
    _uncommitted.bump = False
    forget()
    source = settings.CONTENT_VERSION_SOURCE
    try:
        if source == "stamp":
            _write_stamp()
        elif source == "cache":
            _raise_cached_version(ContentVersion.current())
    except Exception as error:  # noqa: BLE001 - the edit is committed; a full disk or a lost
        # cache server must not turn its save into an error page. Pages stay stale until the next
        # edit publishes, so say so loudly.
        logger.error("Could not publish content version (%s): %s", source, error)


def stamp_path() -> Path:
    return Path(settings.CONTENT_VERSION_STAMP)


def _stamp() -> tuple[int, int] | None:
    try:
        stat = os.stat(stamp_path())
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


def _from_stamp() -> int:
    # The stamp is read before the row: a bump committed after the read replaces the file, so the
    # next request sees a new stamp and reads the row again. Never remember a value under a
    # stamp seen after reading it.
    stamp = _stamp()
    if stamp is not None and _memory["stamp"] == stamp:
        return _memory["version"]  # type: ignore[return-value]
    version = ContentVersion.current()
    if stamp is None:
        _write_stamp()  # the first request on a fresh machine: later ones can remember
    else:
        with _lock:
            _memory["version"], _memory["stamp"] = version, stamp
    return version


def _write_stamp() -> None:
    """Replace the file (a new inode), so every process's os.stat() sees the change."""
    path = stamp_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".content-version-")
    try:
        with os.fdopen(handle, "w") as stamp_file:
            stamp_file.write("Replaced on every content change; see content/version.py.\n")
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def _from_cache() -> int:
    try:
        version = cache.get(CACHE_KEY)
        if version is None:
            version = ContentVersion.current()
            cache.add(CACHE_KEY, version, None)  # a bump published meanwhile has already set it
        return version
    except Exception as error:  # noqa: BLE001 - the cache server is down: the row is the truth
        logger.warning("Content version from the database, the cache failed: %s", error)
        return ContentVersion.current()


def _raise_cached_version(version: int) -> None:
    client = _redis_client()
    if client is None:  # another cache backend (tests, one process): a plain set will do
        cache.set(CACHE_KEY, version, None)
        return
    client.eval(_RAISE_SCRIPT, 1, cache.make_and_validate_key(CACHE_KEY), version)


def _redis_client():
    """The redis-py client behind Django's Redis cache backend, or None for another backend."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(CACHE_KEY, write=True)  # Django's own client, not an API
