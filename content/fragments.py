"""Stored fragments of pages: a block rendered once and put into every page that shows it.

A fragment (`{% fragment "section" section ... %}…{% endfragment %}`) is keyed by what its
HTML is made of: each object's last change and translation status, the language, the set of
glossary forms, and the code (templates and catalogues) that renders it. Keyed by objects'
stamps, not by the site-wide content version, an edit re-renders only the fragments of what
changed; a block that shows many objects (the home page, a listing's body) is keyed by the
content version instead. Rule values and glossary explanations stay marks inside a fragment and
are filled in when the page is put together (content.markup.fill_tokens, woordenlijst's
TermMarker.join). Fragments live in Django's cache: per process, or shared in Redis
(REDIS_URL).

Saving an object renders its fragments again, in each language, when a page next shows them;
nothing is rendered ahead of readers.
"""

import hashlib
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import models
from django.utils.translation import get_language

from .version import bumped_in_open_transaction

# Set in the context while a fragment's body renders: tags leave their marks for the join.
DEFERRED = "fragment_deferred"
SECONDS = 24 * 3600  # bounded: a stored report form's time stamp must stay under two days old


@cache
def code_version() -> str:
    """A fingerprint of what renders fragments: templates and compiled catalogues of this deploy."""
    roots = [Path(d) for entry in settings.TEMPLATES for d in entry.get("DIRS", [])]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    roots += [Path(p) for p in settings.LOCALE_PATHS]
    # By content and relative path, not time or place: every app server running the same code
    # (another machine, another checkout) finds the fragments the others stored in Redis.
    stamp = hashlib.sha256()
    for root in roots:
        if not root.is_dir():
            continue
        for dirpath, _dirnames, filenames in sorted(os.walk(root)):
            for name in sorted(filenames):
                if name.endswith((".html", ".txt", ".mo", ".svg")):
                    path = Path(dirpath) / name
                    stamp.update(f"{path.relative_to(root.parent)}\0".encode())
                    stamp.update(hashlib.sha256(path.read_bytes()).digest())
    return stamp.hexdigest()[:16]


def part_key(part, notices=None) -> str:
    """How one part of a fragment's key is written: objects by their last change."""
    if isinstance(part, models.Model):
        changed = getattr(part, "updated_at", None)
        status = notices.status_of(part) if notices is not None else None
        return (
            f"{part._meta.label_lower}:{part.pk}:{changed.timestamp() if changed else '-'}"
            f":{status.updated_at.timestamp() if status else '-'}"
        )
    if isinstance(part, models.QuerySet | list | tuple):
        return "[" + ",".join(part_key(item, notices) for item in part) + "]"
    return str(part)


def fragment_key(name: str, parts: Iterable, *, notices=None, marker=None) -> str:
    raw = "|".join(
        [
            name,
            get_language() or "",
            code_version(),
            marker.fragment_key() if marker is not None else "",
            *(part_key(part, notices) for part in parts),
        ]
    )
    return f"fragment:{name}:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def stored(key: str) -> str | None:
    if not settings.FRAGMENT_CACHE:
        return None
    try:
        return django_cache.get(key)
    except Exception:  # noqa: BLE001 - a lost cache server: render instead
        return None


def store(key: str, html: str) -> None:
    if not settings.FRAGMENT_CACHE or bumped_in_open_transaction():
        # An edit that may still roll back: a key with the content version could come again.
        return
    try:
        django_cache.set(key, html, SECONDS)
    except Exception:  # noqa: BLE001
        pass
