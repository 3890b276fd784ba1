from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from content.page_cache import cache_query_params
from content.translation_status import SOURCE_LANGUAGE, reader_notices, reads_side_by_side

from .models import Chapter, Page, Part, Testimonial


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The trajectory at a glance: both parts, their chapters, and the free pages."""
    visible_chapters = Chapter.objects.visible_to(request.user)
    parts = list(
        Part.objects.prefetch_related(
            Prefetch("chapters", queryset=visible_chapters, to_attr="visible_chapters")
        )
    )
    pages = list(Page.objects.visible_to(request.user))
    chapters = [chapter for part in parts for chapter in part.visible_chapters]
    context = {
        "parts": parts,
        "introduction": next(
            (p for p in pages if p.placement == Page.Placement.INTRODUCTION), None
        ),
        "closing_pages": [p for p in pages if p.placement == Page.Placement.CLOSING],
        "reader_notices": reader_notices([*parts, *chapters, *pages], get_language()),
    }
    return TemplateResponse(request, "trajecten/home.html", context)


@require_safe
@cache_query_params("vergelijk")
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A chapter: its text, suggestions, experiences and sources. The network map and the
    organisations in the reader's region are added by organisaties' template tags.

    The body is stored once rendered (content.fragments): this view reads the chapter's own row,
    and the chapter with everything on it (`detail`) and its translation notices only when the
    body is rendered again."""
    visible = Chapter.objects.visible_to(request.user)
    language = get_language()
    chapter = get_object_or_404(visible.for_page(language), slug=slug)
    previous_chapter, next_chapter = visible.neighbours_of(chapter, language)
    detail = SimpleLazyObject(lambda: visible.for_detail(language).get(pk=chapter.pk))
    notices = None
    if language != SOURCE_LANGUAGE:
        notices = SimpleLazyObject(lambda: reader_notices(detail.translatable_objects(), language))
    context = {
        "chapter": chapter,
        "detail": detail,
        "previous_chapter": previous_chapter,
        "next_chapter": next_chapter,
        "reader_notices": notices,
        "side_by_side": reads_side_by_side(request, language),
    }
    return TemplateResponse(request, "trajecten/chapter_detail.html", context)


@require_safe
def print_kit(request: HttpRequest) -> HttpResponse:
    """The whole kit on one page, chapters in order, for printing (or saving as PDF)."""
    chapters = list(Chapter.objects.published().for_detail())
    introduction = Page.objects.published().introduction().first()
    translatable = [obj for chapter in chapters for obj in chapter.translatable_objects()]
    context = {
        "chapters": chapters,
        "introduction": introduction,
        "reader_notices": reader_notices([*translatable, introduction], get_language()),
    }
    return TemplateResponse(request, "trajecten/print_kit.html", context)


@require_safe
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A free page of the kit (the leeswijzer, "Wat nu?") with its testimonials and sources."""
    pages = Page.objects.visible_to(request.user).prefetch_related(
        Prefetch("testimonials", queryset=Testimonial.objects.select_related("source")), "sources"
    )
    page = get_object_or_404(pages, slug=slug)
    translatable = [page, *page.testimonials.all(), *page.sources.all()]
    return TemplateResponse(
        request,
        "trajecten/page_detail.html",
        {"page": page, "reader_notices": reader_notices(translatable, get_language())},
    )
