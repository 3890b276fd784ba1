from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from content.models import Page

from .models import Chapter, Part


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The trajectory at a glance: both parts, their chapters, and the free pages."""
    chapters = list(Chapter.objects.visible_to(request.user).select_related("part"))
    parts = Part.objects.all()
    for part in parts:
        part.visible_chapters = [c for c in chapters if c.part_id == part.pk]
    pages = Page.objects.visible_to(request.user)
    return TemplateResponse(request, "trajecten/home.html", {"parts": parts, "pages": pages})


@require_safe
def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    visible = Chapter.objects.visible_to(request.user)
    chapter = get_object_or_404(visible.for_detail(), slug=slug)
    previous_chapter, next_chapter = visible.neighbours_of(chapter)
    return TemplateResponse(
        request,
        "trajecten/chapter_detail.html",
        {"chapter": chapter, "previous_chapter": previous_chapter, "next_chapter": next_chapter},
    )
