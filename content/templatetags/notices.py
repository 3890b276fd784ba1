"""Honest translation notices for readers: fallbacks to Dutch, outdated and machine-draft texts."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.inclusion_tag("includes/translation_notice.html", takes_context=True)
def translation_notice(context, obj, show_reviewed: bool = False):
    """A short notice above a block whose translation is missing or older than the Dutch, or
    (`show_reviewed`) who checked it and when."""
    info = context.get("reader_notices")
    if info is None or obj is None:
        return {"kind": None}
    if info.is_missing(obj):
        return {"kind": "missing", "language": info.language}
    status = info.status_of(obj)
    if status is not None and status.is_outdated:
        return {"kind": "outdated", "changed_on": status.outdated_since}
    if show_reviewed and status is not None and status.quality == status.Quality.REVIEWED:
        return {"kind": "reviewed", "name": status.reviewer_name, "reviewed_on": status.reviewed_at}
    return {"kind": None}


@register.simple_tag(takes_context=True)
def lang_attrs(context, obj, field: str):
    """` lang="nl" dir="ltr"` on an element whose text falls back to Dutch, so screen readers and RTL pages get it right."""
    info = context.get("reader_notices")
    if info is not None and obj is not None and info.field_falls_back(obj, field):
        return mark_safe(' lang="nl" dir="ltr"')  # a constant: nothing from the data goes in
    return mark_safe("")


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: for the switcher and the hreflang alternates."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    return [
        {**version, "current": version["code"] == current}
        for version in _versions_of(request.get_full_path())
    ]


@lru_cache(maxsize=4096)
def _versions_of(path: str) -> tuple[dict, ...]:
    """The path in every language: resolving and reversing it ten times cost a millisecond a page."""
    return tuple(
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            "bidi": get_language_info(code)["bidi"],
            "url": translate_url(path, code),
        }
        for code, _ in settings.LANGUAGES
    )
