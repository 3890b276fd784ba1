import logging

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from content.page_cache import cache_query_params, content_version
from content.translation_status import lazy_reader_notices, other_languages, reader_notices

from .directory import directory_index
from .drawing import local_offices, standalone_svg, svg_for_reader
from .forms import OrganisationFilterForm, RegionChoiceForm
from .models import NetworkMap, Organisation
from .reader_region import remember_region, remembered_region

PAGE_SIZE = 20
logger = logging.getLogger(__name__)


@require_safe
@vary_on_headers("HX-Request")
@cache_query_params("q", "region", "chapter", "kind", "page")
def directory(request: HttpRequest) -> HttpResponse:
    """Organisations filtered by region, theme, kind and text; htmx swaps only the results.

    The filters are answered from memory (organisaties.directory); a page of results is stored
    rendered per content version, and its rows are read only when it is rendered again."""
    version = content_version(request)
    form = OrganisationFilterForm(request.GET, version=version)
    valid = form.is_valid()
    page = Paginator(form.matching_ids(), PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    listings = SimpleLazyObject(
        lambda: Organisation.objects.for_list(language).in_order(page.object_list)
    )
    template_name = "organisaties/directory.html"
    if request.htmx and not request.htmx.history_restore_request:
        template_name += "#results"  # a history restore after "back" needs the whole page
    context = {"form": form, "page": page, "listings": listings, "version": version}
    # Unknown filter values: say so, show what the valid filters find, and answer 400.
    return TemplateResponse(request, template_name, context, status=200 if valid else 400)


@require_safe
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A listing: what they do, contact, regions, chapters and maps.

    Its parts (title, description, body, banner) are stored rendered per content version; the
    listing is found by slug in the directory's index, and its row (with its chapters and maps)
    is read only when those parts are rendered again, so a page costs no query between edits."""
    version = content_version(request)
    listing_id = directory_index(version).ids_by_slug.get(slug)
    if listing_id is None:
        raise Http404("No published organisation has this address.")
    language = get_language()
    organisation = SimpleLazyObject(
        lambda: get_object_or_404(
            Organisation.objects.published().defer(*other_languages(Organisation, language)),
            pk=listing_id,
        )
    )
    context = {
        "listing_id": listing_id,
        "slug": slug,
        "organisation": organisation,
        "chapters": SimpleLazyObject(lambda: list(organisation.chapters.published())),
        "maps": SimpleLazyObject(
            lambda: list(
                NetworkMap.objects.published().showing(listing_id).select_related("chapter")
            )
        ),
        "reader_notices": lazy_reader_notices(lambda: [organisation], language),
        "version": version,
    }
    return TemplateResponse(request, "organisaties/organisation_detail.html", context)


def _visible_map(request: HttpRequest, slug: str) -> NetworkMap:
    """The map of a chapter this reader may see, with its nodes and its drawing (four queries)."""
    maps = NetworkMap.objects.for_display().with_drawing(get_language()).visible_to(request.user)
    return get_object_or_404(maps, chapter__slug=slug)


@require_safe
def network_map(request: HttpRequest, slug: str) -> HttpResponse:
    network_map = _visible_map(request, slug)
    context = {
        "network_map": network_map,
        "reader_notices": reader_notices(network_map.translatable_objects(), get_language()),
    }
    return TemplateResponse(request, "organisaties/network_map.html", context)


@require_safe
def map_drawing(request: HttpRequest, slug: str) -> HttpResponse:
    """The drawing alone, full screen, to pan on a small screen (404 while it has no drawing)."""
    network_map = _visible_map(request, slug)
    drawing = network_map.drawing(get_language())
    svg = ""
    if drawing is None:
        logger.warning("Network map %s has no drawing in %s", slug, get_language())
    else:
        offices = local_offices(network_map, remembered_region(request))
        svg = svg_for_reader(drawing, offices)
    context = {"network_map": network_map, "svg": mark_safe(svg)}  # our own escaped SVG
    return TemplateResponse(
        request, "organisaties/map_drawing.html", context, status=200 if svg else 404
    )


@require_safe
def map_svg(request: HttpRequest, slug: str) -> HttpResponse:
    """The drawing as an SVG file with its own stylesheet, for volunteers' own handouts."""
    network_map = _visible_map(request, slug)
    language = get_language()
    drawing = network_map.drawing(language)
    if drawing is None:
        logger.warning("Network map %s has no drawing in %s", slug, language)
        raise Http404("This map has no drawing yet.")
    offices = local_offices(network_map, remembered_region(request))
    response = HttpResponse(
        standalone_svg(drawing, offices), content_type="image/svg+xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="netwerkkaart-{slug}-{language}.svg"'
    return response


@require_safe
def choose_region(request: HttpRequest) -> HttpResponse:
    """Remember the reader's region (a plain cookie) and go back to the page they came from."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    form = RegionChoiceForm(request.GET)
    if not form.is_valid():
        # An unknown region is bad input: say so with the list to choose from, and answer 400.
        context = {"region_form": form, "next": next_url}
        return TemplateResponse(request, "organisaties/choose_region.html", context, status=400)
    response = redirect(f"{next_url}#in-je-regio")
    remember_region(response, form.cleaned_data["region"])
    return response
