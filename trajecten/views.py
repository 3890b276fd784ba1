from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from content.page_cache import cache_query_params, content_version
from content.translation_status import lazy_reader_notices, reader_notices, reads_side_by_side

from .models import Chapter, Page, Part, Testimonial, neighbours


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The trajectory at a glance: both parts, their chapters, and the free pages.

    It shows every part, chapter and page, so its body is stored once rendered per content
    version (content.fragments); what it shows is read only when it is rendered again."""
    language = get_language()
    trajectory = SimpleLazyObject(lambda: _trajectory(request.user))
    context = {
        "trajectory": trajectory,
        "reader_notices": lazy_reader_notices(lambda: trajectory["objects"], language),
        "version": content_version(request),
        "previews_drafts": Chapter.objects.previews_drafts(request.user),
    }
    return TemplateResponse(request, "trajecten/home.html", context)


def _trajectory(user) -> dict:
    visible_chapters = Chapter.objects.visible_to(user)
    parts = list(
        Part.objects.prefetch_related(
            Prefetch("chapters", queryset=visible_chapters, to_attr="visible_chapters")
        )
    )
    pages = list(Page.objects.visible_to(user))
    chapters = [chapter for part in parts for chapter in part.visible_chapters]
    return {
        "parts": parts,
        "introduction": next(
            (p for p in pages if p.placement == Page.Placement.INTRODUCTION), None
        ),
        "closing_pages": [p for p in pages if p.placement == Page.Placement.CLOSING],
        "objects": [*parts, *chapters, *pages],
    }


@require_safe
@cache_query_params("vergelijk")
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A chapter: its text, suggestions, experiences and sources. The network map and the
    organisations in the reader's region are added by organisaties' template tags.

    The body is stored once rendered (content.fragments): this view finds the chapter and its
    neighbours among the published chapters (read once per content version), and reads the
    chapter with everything on it (`detail`) and its translation notices only when the body is
    rendered again."""
    language = get_language()
    chapters = Chapter.objects.readable_by(request.user, language, content_version(request))
    chapter = next((c for c in chapters if c.slug == slug), None)
    if chapter is None:
        raise Http404("No chapter at this address")
    previous_chapter, next_chapter = neighbours(chapters, chapter)
    detail = SimpleLazyObject(lambda: Chapter.objects.for_detail(language).get(pk=chapter.pk))
    notices = lazy_reader_notices(lambda: detail.translatable_objects(), language)
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
