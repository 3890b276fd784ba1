from itertools import groupby

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from content.translation_status import reader_notices
from trajecten.models import Chapter

from .models import GlossaryTerm


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The glossary from A to Z, by the Dutch word (the one on the letters newcomers receive)."""
    terms = sorted(
        GlossaryTerm.objects.published().prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.published())
        ),
        key=lambda term: term.term_nl.lstrip("#").casefold(),
    )
    letters = {letter: list(group) for letter, group in groupby(terms, key=lambda t: t.letter)}
    context = {"letters": letters, "reader_notices": reader_notices(terms, get_language())}
    return TemplateResponse(request, "woordenlijst/glossary.html", context)
