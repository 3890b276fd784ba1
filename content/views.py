from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from trajecten.models import Testimonial

from .models import Page
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
