from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content.page_cache import REGION_COOKIE, content_version
from content.translation_status import reader_notices, reads_side_by_side

from .checklist import build_checklist
from .forms import ChecklistChoices, ChecklistForm


# No @cache_query_params: the page cache stores only the empty form, never a person's answers
# (content/page_cache.py caches a query string only when the view declares its parameters).
@require_safe
@vary_on_headers("HX-Request")
def checklist(request: HttpRequest) -> HttpResponse:
    """ "Welke stappen nu?": the questions, and the checklist for the answers in the query string.

    Nothing about the person is stored: no rows, no cookie (the region cookie is only read, to
    suggest a region), no cache entry, and the access log holds the path alone (README)."""
    choices = ChecklistChoices.load()
    answered = any(name in request.GET for name in ChecklistForm.base_fields)
    if answered:
        form = ChecklistForm(request.GET, choices=choices)
        valid = form.is_valid()
    else:
        form = ChecklistForm(choices=choices, initial=_suggestions(request, choices))
        valid = True
    person = form.person() if answered else None
    language = get_language()
    checklist = None
    if person is not None:
        checklist = build_checklist(
            person, today=timezone.localdate(), version=content_version(request)
        )
    query = urlencode(form.query()) if answered else ""
    context = {
        "form": form,
        "checklist": checklist,
        "query": query,
        "share_url": request.build_absolute_uri(f"{request.path}?{query}") if query else "",
        "side_by_side": reads_side_by_side(request, language),
        "reader_notices": reader_notices(
            checklist.translatable_objects() if checklist else [], language
        ),
    }
    template_name = "stappen/checklist.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"  # a history restore after "back" needs the whole page
    # Unknown answers: say so, show what the valid ones give, and answer 400.
    response = TemplateResponse(request, template_name, context, status=200 if valid else 400)
    if answered:
        # A person's answers: no shared cache may keep them, and links on this page do not
        # carry them to the next request in a Referer header.
        response["Cache-Control"] = "private"
        response["Referrer-Policy"] = "no-referrer"
    return response


def _suggestions(request: HttpRequest, choices: ChecklistChoices) -> dict:
    """Start values for the empty form: an adult, in the region the reader chose before (read
    from the region cookie, never written here)."""
    initial = {"age": "volwassen"} if any(a.key == "volwassen" for a in choices.age_groups) else {}
    region = request.COOKIES.get(REGION_COOKIE, "")
    if any(r.key == region for r in choices.regions):
        initial["region"] = region
    return initial
