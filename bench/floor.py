"""`make bench` only (bench/settings.py routes it): the framework floor serves the chapter page's bytes."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

SNAPSHOT = Path(settings.BASE_DIR) / "var" / "bench" / "chapter.html"


@cache
def snapshot() -> bytes:
    return SNAPSHOT.read_bytes()


def floor(request):
    """A trivial Django view: the same bytes as the chapter page, no template, no query."""
    return HttpResponse(snapshot(), content_type="text/html; charset=utf-8")
