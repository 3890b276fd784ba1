from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content.translation_status import page_translation
from trajecten.models import Chapter
from vluchtwijzer.page_cache import cache_query_params

from .forms import OrganisationFilterForm
from .models import NetworkMap, Organisation

PAGE_SIZE = 20


@require_safe
@vary_on_headers("HX-Request")
@cache_query_params("q", "region", "chapter", "kind", "page")
def directory(request: HttpRequest) -> HttpResponse:
    """Organisations filtered by region, theme, kind and text; htmx swaps only the results."""
    form = OrganisationFilterForm(request.GET)
    valid = form.is_valid()
    organisations = form.filter(Organisation.objects.published().with_lists())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    template_name = "organisaties/directory.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"  # a history restore after "back" needs the whole page
    # Unknown filter values: say so, show what the valid filters find, and answer 400.
    return TemplateResponse(
        request, template_name, {"form": form, "page": page}, status=200 if valid else 400
    )


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.published().prefetch_related("regions"), slug=slug
    )
    chapters = Chapter.objects.published().filter(organisations=organisation)
    maps = (
        NetworkMap.objects.filter(nodes__organisation=organisation, chapter__in=chapters)
        .select_related("chapter")
        .distinct()
    )
    return TemplateResponse(
        request,
        "organisaties/organisation_detail.html",
        {
            "organisation": organisation,
            "chapters": chapters,
            "maps": maps,
            "page_translation": page_translation([organisation], get_language()),
        },
    )


@require_safe
def network_map(request: HttpRequest, slug: str) -> HttpResponse:
    maps = NetworkMap.objects.for_display().filter(
        chapter__in=Chapter.objects.visible_to(request.user)
    )
    network_map = get_object_or_404(maps, chapter__slug=slug)
    context = {
        "network_map": network_map,
        "page_translation": page_translation(network_map.translatable_objects(), get_language()),
    }
    return TemplateResponse(request, "organisaties/network_map.html", context)
