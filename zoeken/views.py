from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content.page_cache import cache_query_params, content_version

from .forms import SearchForm
from .search import search as run_search


@require_safe
@vary_on_headers("HX-Request")
@cache_query_params("q")
def search(request: HttpRequest) -> HttpResponse:
    """One search box for chapters, sections, actions, organisations and glossary terms."""
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = run_search(form.cleaned_data["q"], get_language(), content_version(request))
    template_name = "zoeken/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, template_name, {"form": form, "results": results}, status=status
    )
