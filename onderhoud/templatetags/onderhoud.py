"""'Meld een wijziging' on pages of other apps: `{% report_form section %}`, `{% report_form organisation %}`.

The chapter page (trajecten) and the organisation page (organisaties) load this tag in their
templates: templates compose the apps, so neither imports this app. No queries.

A chapter has a form under every section: the form is rendered once per language and kind of
page, with marks where the section and the time stamp go, and filled in for each section.
"""

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from organisaties.models import Organisation

from ..forms import ReportForm, report_box_id
from ..reports import form_stamp

register = template.Library()

BOX, TARGET, STAMP = "vwreportbox", "vwreporttarget", "vwreportstamp"  # letters: valid in ids


@register.simple_tag(takes_context=True)
def report_form(context, target=None, *, listing_slug: str = "") -> SafeString:
    """A small report form about `target` (a Section or an Organisation), folded in a <details>;
    or about the listing with `listing_slug`, without reading its row (a listing's page)."""
    if listing_slug:
        kind, value = "organisation", listing_slug
    else:
        kind = "organisation" if isinstance(target, Organisation) else "section"
        value = target.slug if kind == "organisation" else str(target.pk)
    html = (
        _blank_form(get_language() or "nl", kind)
        .replace(BOX, report_box_id(target))
        .replace(TARGET, escape(value))
        .replace(STAMP, escape(form_stamp()))
    )
    return mark_safe(html)  # our template's output; the values put in are escaped


@lru_cache(maxsize=64)
def _blank_form(language: str, kind: str) -> str:
    """The form for one language and kind of page, with marks for the box, target and stamp."""
    form = ReportForm(auto_id=f"{BOX}-%s", initial={"stamp": STAMP, kind: TARGET})
    return render_to_string("onderhoud/_report_form.html", {"form": form, "prefix": BOX})
