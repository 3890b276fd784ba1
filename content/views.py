from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from trajecten.models import Chapter, Testimonial
from vluchtwijzer.page_cache import cache_query_params

from .forms import SearchForm
from .models import GlossaryTerm, Page
from .search import search as run_search
from .translation_status import page_translation


@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pages = Page.objects.visible_to(request.user).prefetch_related(
        Prefetch("testimonials", queryset=Testimonial.objects.select_related("source")), "sources"
    )
    page = get_object_or_404(pages, slug=slug)
    translatable = [page, *page.testimonials.all(), *page.sources.all()]
    return TemplateResponse(
        request,
        "content/page_detail.html",
        {"page": page, "page_translation": page_translation(translatable, get_language())},
    )


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    """The glossary from A to Z, by the Dutch word (the one on the letters newcomers receive)."""
    terms = list(
        GlossaryTerm.objects.published().prefetch_related(
            Prefetch("chapters", queryset=Chapter.objects.published())
        )
    )
    terms.sort(key=lambda term: term.term_nl.lstrip("#").casefold())
    letters: dict[str, list[GlossaryTerm]] = {}
    for term in terms:
        letters.setdefault(term.letter, []).append(term)
    context = {"letters": letters, "page_translation": page_translation(terms, get_language())}
    return TemplateResponse(request, "content/glossary.html", context)


@require_safe
@vary_on_headers("HX-Request")
@cache_query_params("q")
def search(request: HttpRequest) -> HttpResponse:
    """One search box for chapters, sections, actions, organisations and glossary terms."""
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = run_search(
            form.cleaned_data["q"], get_language(), getattr(request, "content_version", None)
        )
    template_name = "content/search.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"
    status = 400 if form.errors else 200
    return TemplateResponse(
        request, template_name, {"form": form, "results": results}, status=status
    )


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline service worker, served from the site root so it may look after every page."""
    assets = [static("css/site.css"), static("js/htmx.min.js"), static("js/site.js")]
    response = TemplateResponse(
        request, "sw.js", {"assets": assets}, content_type="text/javascript"
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's login page)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
