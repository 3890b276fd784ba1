"""Honest translation notices for readers: fallbacks to Dutch, outdated and machine-draft texts."""

from django import template
from django.utils.safestring import mark_safe

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
