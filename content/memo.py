"""Small values computed once per content version in each process: `@per_content_version`.

Every reader page needs a few small structures (the published chapters in order, a chapter's
map): reading them from the database on every request cost more than rendering the page. They
are kept in process memory, keyed by the content version, which a request knows without a query
(content.version): after an edit each process reads them again once, at its next request.

The first argument of a memoised function is the content version. What it returns is shared by
every request of the process: callers read it and never change it. Big or per-object HTML does
not belong here (content.fragments keys it by what it shows, so an edit re-renders only its own).
"""

from collections.abc import Callable
from functools import lru_cache, wraps

from .version import bumped_in_open_transaction

_memoised: list = []


def per_content_version(maxsize: int = 64) -> Callable:
    def decorate(function: Callable) -> Callable:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def memoised(version: int, *args):
            if bumped_in_open_transaction():
                # This thread's own edit, not committed yet: if it rolls back, its version number
                # comes again with other content, so nothing read now may be remembered.
                return function(version, *args)
            return cached(version, *args)

        memoised.cache_clear = cached.cache_clear
        _memoised.append(cached)
        return memoised

    return decorate


def forget_all() -> None:
    """Drop every memoised value (tests: the content version repeats after each rollback)."""
    for cached in _memoised:
        cached.cache_clear()
