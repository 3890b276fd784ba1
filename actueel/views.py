from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from content.translation_status import reader_notices

from .models import ChangeNote, Rule

CHANGES_ON_PAGE = 100


@require_safe
def changes(request: HttpRequest) -> HttpResponse:
    """ "Wat is er veranderd?": dated changes worth knowing, so readers know when to print again."""
    notes = list(ChangeNote.objects.announced().prefetch_related("subject")[:CHANGES_ON_PAGE])
    context = {"notes": notes, "reader_notices": reader_notices(notes, get_language())}
    return TemplateResponse(request, "actueel/changes.html", context)


@require_safe
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule with its value, the date it applies from and its official source."""
    all_rules = list(Rule.objects.order_by("name_nl"))
    context = {"rules": all_rules, "reader_notices": reader_notices(all_rules, get_language())}
    return TemplateResponse(request, "actueel/rules.html", context)
