"""Admin support for honest translations: "minor edit", automatic statuses, and the dashboard."""

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator
from reversion.admin import VersionAdmin

from .models import TranslationStatus
from .translation_status import (
    changed_languages,
    has_dutch_text,
    has_translation,
    record_dutch_edit,
    record_translation,
    target_languages,
)


class TranslationTrackingForm(forms.ModelForm):
    minor_edit = forms.BooleanField(
        label=_("Minor edit"),
        required=False,
        help_text=_(
            "Tick this for a typo or layout fix in the Dutch text: the translations then stay current. "
            "Otherwise every translation of what you changed is marked as possibly outdated."
        ),
    )


class TranslationTrackingAdmin:
    """Mix into a TranslationAdmin: Dutch edits outdate translations; saving a translation reviews it."""

    form = TranslationTrackingForm

    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (_("Translations"), {"fields": ["minor_edit"]}),
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._track(
            request, obj, form.changed_data, minor=form.cleaned_data.get("minor_edit", False)
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        minor = form.cleaned_data.get("minor_edit", False)
        for inline_form in formset.forms:
            deleted = formset.can_delete and formset._should_delete_form(inline_form)
            if inline_form.instance.pk and inline_form.has_changed() and not deleted:
                self._track(request, inline_form.instance, inline_form.changed_data, minor=minor)

    def _track(self, request, obj, changed_data, *, minor: bool) -> None:
        dutch_changed, languages = changed_languages(changed_data, type(obj))
        if dutch_changed:
            record_dutch_edit(obj, minor=minor)
        for language in languages:
            record_translation(
                obj, language, quality=TranslationStatus.Quality.REVIEWED, reviewed_by=request.user
            )


@admin.register(TranslationStatus)
class TranslationStatusAdmin(VersionAdmin):
    list_display = (
        "content_object",
        "content_type",
        "language",
        "quality",
        "outdated_since",
        "reviewed_by",
    )
    list_filter = (
        "language",
        "quality",
        ("outdated_since", admin.EmptyFieldListFilter),
        "content_type",
    )
    list_select_related = ("content_type", "reviewed_by")
    readonly_fields = ("content_type", "object_id", "language", "source_fingerprint", "updated_at")
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False  # statuses follow the translations; they are not made by hand

    @admin.action(
        description=_("Mark as reviewed by me (the translation is current)"), permissions=["change"]
    )
    def mark_reviewed(self, request, queryset):
        count = 0
        for status in queryset.select_related("content_type"):
            obj = status.content_object
            if obj is not None:
                record_translation(
                    obj,
                    status.language,
                    quality=TranslationStatus.Quality.REVIEWED,
                    reviewed_by=request.user,
                )
                count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d translation marked as reviewed.",
                "%(count)d translations marked as reviewed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


def admin_url(obj) -> str | None:
    """The admin page where `obj` is edited: its own change form, or its parent's for inline-only models."""
    target = getattr(obj, "network_map", None) if not admin.site.is_registered(type(obj)) else obj
    if target is None:
        return None
    opts = target._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
    except NoReverseMatch:
        return None


def translation_dashboard(request):
    """Per language: how much is translated, reviewed, machine draft, outdated or missing."""
    languages = target_languages()
    rows = []
    totals = {
        language: {
            "objects": 0,
            "translated": 0,
            "missing": 0,
            "draft": 0,
            "reviewed": 0,
            "outdated": 0,
        }
        for language in languages
    }
    missing_examples = {language: [] for language in languages}
    statuses = {}
    for status in TranslationStatus.objects.all().only(
        "content_type_id", "object_id", "language", "quality", "outdated_since"
    ):
        statuses[(status.content_type_id, status.object_id, status.language)] = status
    for model in sorted(
        translator.get_registered_models(abstract=False), key=lambda m: m._meta.label
    ):
        content_type = ContentType.objects.get_for_model(model)
        objects = [obj for obj in model.objects.all() if has_dutch_text(obj)]
        per_language = {}
        for language in languages:
            counts = {
                "objects": len(objects),
                "translated": 0,
                "missing": 0,
                "draft": 0,
                "reviewed": 0,
                "outdated": 0,
            }
            for obj in objects:
                if not has_translation(obj, language):
                    counts["missing"] += 1
                    if len(missing_examples[language]) < 15:
                        missing_examples[language].append((obj, admin_url(obj)))
                    continue
                counts["translated"] += 1
                status = statuses.get((content_type.pk, obj.pk, language))
                if status is None or status.quality == TranslationStatus.Quality.MACHINE_DRAFT:
                    counts["draft"] += 1
                else:
                    counts["reviewed"] += 1
                if status is not None and status.outdated_since:
                    counts["outdated"] += 1
            per_language[language] = counts
            for key, value in counts.items():
                totals[language][key] += value
        rows.append(
            {
                "model": model._meta.verbose_name_plural,
                "content_type": content_type,
                "per_language": per_language,
            }
        )
    for counts in totals.values():
        counts["percent"] = (
            round(100 * counts["translated"] / counts["objects"]) if counts["objects"] else 100
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Translations"),
        "languages": languages,
        "rows": rows,
        "totals": totals,
        "missing_examples": missing_examples,
        "status_url": reverse("admin:content_translationstatus_changelist"),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "admin/translation_dashboard.html", context)
