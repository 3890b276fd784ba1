from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from content.glossary import TermIndex, TermMarker
from content.models import Page
from content.translation_status import SOURCE_LANGUAGE, page_translation
from organisaties.forms import RegionChoiceForm
from organisaties.models import Organisation
from organisaties.reader_region import chosen_region, remember_region
from vluchtwijzer.page_cache import cache_query_params

from .models import Chapter, Part

ORGANISATIONS_ON_CHAPTER = 8


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The trajectory at a glance: both parts, their chapters, and the free pages."""
    chapters = list(Chapter.objects.visible_to(request.user).select_related("part"))
    parts = list(Part.objects.all())
    for part in parts:
        part.visible_chapters = [c for c in chapters if c.part_id == part.pk]
    pages = list(Page.objects.visible_to(request.user))
    context = {
        "parts": parts,
        "pages": pages,
        "page_translation": page_translation([*parts, *chapters, *pages], get_language()),
    }
    return TemplateResponse(request, "trajecten/home.html", context)


@require_safe
@cache_query_params("regio", "vergelijk")
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    visible = Chapter.objects.visible_to(request.user)
    chapter = get_object_or_404(visible.for_detail(), slug=slug)
    previous_chapter, next_chapter = visible.neighbours_of(chapter)
    network_map = chapter.map_or_none
    language = get_language()
    # A volunteer and a newcomer reading together: Dutch next to the reader's language.
    side_by_side = language != SOURCE_LANGUAGE and request.GET.get("vergelijk") == SOURCE_LANGUAGE

    region, just_chosen = chosen_region(request)
    nearby = None
    if region is not None:
        organisations = (
            Organisation.objects.published()
            .for_chapter(chapter)
            .serving(region)
            .local_first(region)
        )
        nearby = list(organisations[:ORGANISATIONS_ON_CHAPTER])
    translatable = chapter.translatable_objects() + (
        network_map.translatable_objects() if network_map else []
    )
    response = TemplateResponse(
        request,
        "trajecten/chapter_detail.html",
        {
            "chapter": chapter,
            "previous_chapter": previous_chapter,
            "next_chapter": next_chapter,
            "network_map": network_map,
            "region": region,
            "region_form": RegionChoiceForm(initial={"regio": region.key if region else None}),
            "nearby": nearby,
            "unknown_region": just_chosen and region is None,
            "page_translation": page_translation(translatable, language),
            "side_by_side": side_by_side,
            "term_marker": TermMarker(
                TermIndex.cached(language, getattr(request, "content_version", None))
            ),
            "side_by_side_url": f"?vergelijk={SOURCE_LANGUAGE}"
            if language != SOURCE_LANGUAGE and not side_by_side
            else None,
        },
        # A region key that does not exist is bad input: say so on the page, and answer 400.
        status=400 if just_chosen and region is None else 200,
    )
    if just_chosen and region is not None:
        remember_region(response, region)
    return response


@require_safe
def print_kit(request: HttpRequest) -> HttpResponse:
    """The whole kit on one page, chapters in order, for printing (or saving as PDF)."""
    language = get_language()
    chapters = list(Chapter.objects.published().for_detail())
    pages = list(Page.objects.published().prefetch_related("testimonials", "sources"))
    translatable = [obj for chapter in chapters for obj in chapter.translatable_objects()] + pages
    context = {
        "chapters": chapters,
        "pages": pages,
        "page_translation": page_translation(translatable, language),
        "term_marker": TermMarker(
            TermIndex.cached(language, getattr(request, "content_version", None))
        ),
    }
    return TemplateResponse(request, "trajecten/print_kit.html", context)
