"""'Meld een wijziging' on pages of other apps: `{% report_form section %}`, `{% report_form organisation %}`.

The chapter page (trajecten) and the organisation page (organisaties) load this tag in their
templates: templates compose the apps, so neither imports this app. No queries.
"""

from django import template

from ..forms import ReportForm, report_box_id

register = template.Library()


@register.inclusion_tag("onderhoud/_report_form.html", takes_context=True)
def report_form(context, target) -> dict:
    """A small report form about `target` (a Section or an Organisation), folded in a <details>."""
    prefix = report_box_id(target)
    request = context.get("request")
    return {
        "form": ReportForm(target=target, auto_id=f"{prefix}-%s"),
        "prefix": prefix,
        "next": request.get_full_path() if request else "",
    }
