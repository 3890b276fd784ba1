"""Admin pages for translators: download and upload files, review unit by unit, check terms.

All are mounted through admin.site.admin_view (staff with a verified second factor) and need
the translation-status permissions of the Redactie.
"""

from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from content.markup import markdown_shape, render_markdown, same_markup
from content.models import TranslationStatus
from content.page_cache import content_version
from content.translation_status import SOURCE_LANGUAGE, record_translation, target_languages
from trajecten.models import Chapter
from woordenlijst.terms import term_index

from . import formats, importing
from .forms import ExportForm, ImportForm, ReviewForm
from .terms import inconsistencies
from .units import approved_terms, collect_units

CAN_VIEW = "content.view_translationstatus"
CAN_REVIEW = "content.change_translationstatus"


def _page(request, template: str, context: dict, status: int = 200) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), **context}, status=status
    )


def _language(code: str) -> str:
    if code not in target_languages():
        raise Http404("Not a language we translate into.")
    return code


@permission_required(CAN_VIEW, raise_exception=True)
@require_http_methods(["GET"])
def export(request: HttpRequest) -> HttpResponse:
    """Download the content of one language as XLIFF or PO: everything, a chapter, or what needs review."""
    if not request.GET:
        return _page(
            request,
            "admin/vertalen/export.html",
            {"form": ExportForm(), "title": _("Translation files")},
        )
    form = ExportForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "title": _("Translation files"), "import_form": ImportForm()}
        return _page(request, "admin/vertalen/export.html", context, status=400)
    language = form.cleaned_data["language"]
    scope = form.cleaned_data["scope"]
    chapter = form.cleaned_data["chapter"] if scope == ExportForm.Scope.CHAPTER else None
    units = collect_units(
        language, chapter=chapter, needing_review=scope == ExportForm.Scope.REVIEW
    )
    if form.cleaned_data["file_format"] == "po":
        data, extension, content_type = (
            formats.export_po(units, language),
            "po",
            "text/x-gettext-translation",
        )
    else:
        data, extension, content_type = (
            formats.export_xliff(units, language),
            "xlf",
            "application/xliff+xml",
        )
    name = f"vluchtwijzer-{language}-{chapter.slug if chapter else scope}-{timezone.localdate():%Y%m%d}.{extension}"
    response = HttpResponse(data, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required(CAN_REVIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a translated file: checked as a whole first; nothing is written when anything is wrong."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "title": _("Upload translations")}
    if request.method == "GET":
        return _page(request, "admin/vertalen/upload.html", context)
    if not form.is_valid():
        return _page(request, "admin/vertalen/upload.html", context, status=400)
    upload_file = form.cleaned_data["file"]
    try:
        parsed = formats.read_file(upload_file.read(), upload_file.name)
    except formats.FileError as error:
        form.add_error("file", str(error))
        return _page(request, "admin/vertalen/upload.html", context, status=400)
    report = importing.check(parsed, form.cleaned_data["language"])
    if report.ok:
        importing.apply(
            report, user=request.user, translator=parsed.translator, filename=upload_file.name
        )
    context["report"] = report
    return _page(request, "admin/vertalen/upload.html", context, status=200 if report.ok else 400)


def _queue(language: str, chapter_slug: str | None):
    chapter = Chapter.objects.filter(slug=chapter_slug).first() if chapter_slug else None
    return collect_units(language, chapter=chapter, needing_review=True, with_notes=False)


@permission_required(CAN_REVIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, language: str) -> HttpResponse:
    """One unit at a time: the Dutch beside the translation, the glossary's terms; approve, edit, next.

    GET ?na=<unit id> continues after that unit (skip); POST approves (and saves an edit) and
    goes to the next. htmx swaps only the unit; without JavaScript it is a plain form."""
    language = _language(language)
    chapter_slug = request.GET.get("hoofdstuk") or request.POST.get("hoofdstuk") or ""
    queue = _queue(language, chapter_slug)
    after = request.POST.get("unit") or request.GET.get("na")
    if request.method == "POST":
        unit = next((u for u in queue if u.id == request.POST.get("unit")), None)
        if unit is None:
            raise Http404("This unit needs no review any more.")
        form = ReviewForm(request.POST)
        if form.is_valid() and _valid_translation(form, unit, language):
            setattr(unit.obj, f"{unit.field}_{language}", form.cleaned_data["target"])
            unit.obj.save()
            record_translation(
                unit.obj,
                language,
                quality=TranslationStatus.Quality.REVIEWED,
                reviewed_by=request.user,
            )
            if request.htmx:
                return _review_page(
                    request, language, _queue(language, chapter_slug), after, chapter_slug
                )
            next_url = f"{reverse('translation_review', args=[language])}?na={unit.id}"
            return redirect(f"{next_url}&hoofdstuk={chapter_slug}" if chapter_slug else next_url)
        return _review_page(
            request, language, queue, None, chapter_slug, current=unit, form=form, status=400
        )
    return _review_page(request, language, queue, after, chapter_slug)


def _valid_translation(form: ReviewForm, unit, language: str) -> bool:
    text = form.cleaned_data["target"]
    if not same_markup(unit.source, text):
        form.add_error(
            "target",
            _(
                "Keep the footnotes [^N], the link targets and the rule tokens {{regel:…}} of the Dutch."
            ),
        )
    if markdown_shape(unit.source) != markdown_shape(text):
        form.add_error("target", _("Keep the paragraphs, lists and headings of the Dutch."))
    limit = unit.model._meta.get_field(f"{unit.field}_{language}").max_length
    if limit and len(text) > limit:
        form.add_error("target", _("At most %(limit)d characters.") % {"limit": limit})
    return not form.errors


def _review_page(
    request, language, queue, after, chapter_slug, *, current=None, form=None, status=200
):
    if current is None:
        ids = [u.id for u in queue]
        position = ids.index(after) + 1 if after in ids else 0
        current = queue[position] if position < len(queue) else None
    version = content_version(None)
    context = {
        "title": _("Review translations: %(language)s")
        % {"language": get_language_info(language)["name_local"]},
        "language": language,
        "language_bidi": get_language_info(language)["bidi"],
        "unit": current,
        "remaining": len(queue),
        "chapter_slug": chapter_slug,
        "chapters": Chapter.objects.only("slug", "number", "title_nl"),
        "form": form or (ReviewForm(initial={"target": current.target}) if current else None),
        "terms": approved_terms(current.source, language, term_index(version, SOURCE_LANGUAGE))
        if current
        else [],
        "source_html": render_markdown(current.source, version) if current else "",
    }
    template = "admin/vertalen/review.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#unit"
    return _page(request, template, context, status=status)


@permission_required(CAN_VIEW, raise_exception=True)
@require_http_methods(["GET"])
def term_check(request: HttpRequest, language: str) -> HttpResponse:
    """Every unit where a glossary term's approved rendering is missing from the translation."""
    language = _language(language)
    found = inconsistencies(language)
    context = {
        "title": _("Term check: %(language)s") % {"language": language},
        "language": language,
        "found": found,
    }
    return _page(request, "admin/vertalen/terms.html", context)
