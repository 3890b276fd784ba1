"""What every content admin shares: history that respects a user's scope, honest translation
statuses, inline drop-downs limited to their parent; plus the admins of the bottom layer's models.

Every content model's admin is a `ContentAdmin`. We use modeltranslation's plain
TranslationAdmin, not the tabbed one: the tabs load jQuery UI from ajax.googleapis.com by
default, which the Content-Security-Policy (`script-src 'self'`) forbids.
"""

from collections import defaultdict
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from .markup import unknown_tokens
from .models import SeedRecord, TranslationStatus
from .translation_status import changed_languages, record_dutch_edit, record_translation


class TokenCheckedForm(forms.ModelForm):
    """A text may name only rules that exist ({{regel:key}}): for change forms and inlines alike."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            unknown = unknown_tokens(value) if isinstance(value, str) else []
            if unknown:
                self.add_error(
                    name,
                    _("This text refers to rules that do not exist: %(tokens)s")
                    % {"tokens": ", ".join(unknown)},
                )
        return cleaned


class TranslationTrackingForm(TokenCheckedForm):
    minor_edit = forms.BooleanField(
        label=_("Minor edit"),
        required=False,
        help_text=_(
            "Tick this for a typo or layout fix in the Dutch text: the translations then stay current. "
            "Otherwise every translation of what you changed is marked as possibly outdated."
        ),
    )
    announce_change = forms.BooleanField(
        label=_("Announce this change"),
        required=False,
        help_text=_("Readers who printed this page see it in 'What has changed?' and its feed."),
    )
    announcement = forms.CharField(
        label=_("What changed, in one sentence (Dutch)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("announce_change") and not cleaned.get("announcement"):
            self.add_error("announcement", _("Say in one sentence what changed."))
        return cleaned


class TranslationTrackingAdmin:
    """Mix into a TranslationAdmin: Dutch edits outdate translations; saving a translation reviews it."""

    form = TranslationTrackingForm

    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (_("This change"), {"fields": ["minor_edit", "announce_change", "announcement"]}),
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._track(
            request, obj, form.changed_data, minor=form.cleaned_data.get("minor_edit", False)
        )
        if form.cleaned_data.get("announce_change"):
            # "Wat is er veranderd?" lives in an app above this one: named in settings.
            announce = import_string(settings.CHANGE_ANNOUNCER)
            announce(obj, form.cleaned_data["announcement"], user=request.user)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        minor = form.cleaned_data.get("minor_edit", False)
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        for inline_form in formset.forms:
            if inline_form.instance.pk and inline_form.has_changed() and inline_form not in deleted:
                self._track(request, inline_form.instance, inline_form.changed_data, minor=minor)

    def _track(self, request, obj, changed_data, *, minor: bool) -> None:
        dutch_changed, languages = changed_languages(changed_data, type(obj))
        if dutch_changed:
            record_dutch_edit(obj, minor=minor)
        for language in languages:
            record_translation(
                obj, language, quality=TranslationStatus.Quality.REVIEWED, reviewed_by=request.user
            )


class ScopedVersionAdmin(VersionAdmin):
    """django-reversion's history, revert and recover, held to the scope of the change form.

    A user may view, revert or recover a version only when every object in its revision is in
    their scope both as stored in the version and as it stands now; when recovering, the object
    must no longer exist and its latest version must have been in scope. A revision can hold
    several objects (a bulk action saves them together), and reverting it restores them all.

    An admin whose get_queryset() limits what a user sees (a coordinator's province) says so in
    `is_scoped()` and judges stored data in `stored_version_in_scope()`.
    """

    def is_scoped(self, request) -> bool:
        """True when get_queryset() hides some objects from this user."""
        return False

    def stored_version_in_scope(self, request, version: Version) -> bool:
        """Would the object, as stored in `version`, be in the user's scope?"""
        return True

    def revision_in_scope(self, request, revision: Revision, *, recovering=None) -> bool:
        """The one rule for history, revert and recover: a few queries per model in the revision.

        `recovering`: the version being recovered (or listed); its object's latest version must
        be in scope too, so a listing moved away before it was deleted stays out of reach.
        """
        if request.user.is_superuser:
            return True
        by_model: dict[type, list[Version]] = defaultdict(list)
        for version in revision.version_set.all():
            by_model[version.content_type.model_class()].append(version)
        return all(
            self._versions_in_scope(request, model, versions, recovering)
            for model, versions in by_model.items()
        )

    def _versions_in_scope(self, request, model, versions, recovering) -> bool:
        if model is None:
            return False  # a model that no longer exists
        if not self.admin_site.is_registered(model):
            # Inline-only rows (a map's nodes) ride along with their parent, which is judged too.
            opts = model._meta
            return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        model_admin = self.admin_site.get_model_admin(model)
        judge = getattr(model_admin, "stored_version_in_scope", None)
        if judge is not None and not all(judge(request, version) for version in versions):
            return False
        if recovering is not None and model is recovering.content_type.model_class():
            latest = Version.objects.get_for_object_reference(model, recovering.object_id).first()
            if judge is not None and not judge(request, latest):
                return False
        ids = {version.object_id for version in versions}
        existing = {
            str(pk) for pk in model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
        }
        if existing and not model_admin.has_change_permission(request):
            return False
        if len(existing) < len(ids) and not model_admin.has_add_permission(request):
            return False  # reverting would re-create what was deleted
        if existing and getattr(model_admin, "is_scoped", lambda request: False)(request):
            visible = model_admin.get_queryset(request).filter(pk__in=existing)
            return {str(pk) for pk in visible.values_list("pk", flat=True)} == existing
        return True

    def _reversion_order_version_queryset(self, request, queryset):
        """History and the recover list show only versions the user could open."""
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if request.user.is_superuser:
            return queryset
        queryset = queryset.prefetch_related("revision__version_set__content_type")
        return [
            version
            for version in queryset
            if self.revision_in_scope(request, version.revision, recovering=version)
        ]

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise PermissionDenied  # not found, or outside the user's scope: nothing to show
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            Version.objects.select_related("revision"), pk=version_id, object_id=unquote(object_id)
        )
        obj = self.get_object(request, unquote(object_id))
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or not self.revision_in_scope(request, version.revision)
        ):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(
            Version.objects.select_related("revision", "content_type"),
            pk=version_id,
            content_type=ContentType.objects.get_for_model(self.model),
        )
        if self.model._default_manager.filter(pk=version.object_id).exists():
            raise Http404("This object still exists: revert it from its history instead.")
        if not self.revision_in_scope(request, version.revision, recovering=version):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


class ParentLimitedInline:
    """An inline whose drop-downs offer only rows of the object being edited.

    `limit_to_parent` maps a foreign key of the inline (e.g. "section") to the lookup from that
    field's model to the parent (e.g. "chapter"). The parent comes from get_formset(request,
    obj), which the add, change, revert and recover views all call.
    """

    limit_to_parent: dict[str, str] = {}

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["formfield_callback"] = partial(
            self.formfield_for_dbfield, request=request, parent=obj
        )
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        parent = kwargs.pop("parent", None)
        lookup = self.limit_to_parent.get(db_field.name)
        if lookup:
            related = db_field.remote_field.model._default_manager
            kwargs["queryset"] = related.filter(**{lookup: parent}) if parent else related.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if not db_field.many_to_one:
            kwargs.pop("parent", None)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContentAdmin(TranslationTrackingAdmin, ScopedVersionAdmin, TranslationAdmin):
    """The admin of every translated content model: history, honest translations, scope."""


def scoped_objects(request, model):
    """The objects of `model` this user may see in the admin, through the model's own admin.

    Inline-only models (a map's nodes) follow their model's view permission. None: no access.
    """
    if not admin.site.is_registered(model):
        opts = model._meta
        allowed = request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
        return model._default_manager.all() if allowed else None
    model_admin = admin.site.get_model_admin(model)
    if not model_admin.has_view_or_change_permission(request):
        return None
    return model_admin.get_queryset(request)


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

    def get_queryset(self, request):
        """Only the statuses of objects the user may see: the name of a listing is not for everyone."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = Q(pk__in=[])
        for content_type in ContentType.objects.filter(
            pk__in=queryset.values("content_type").distinct()
        ):
            model = content_type.model_class()
            objects = scoped_objects(request, model) if model else None
            if objects is not None:
                visible |= Q(content_type=content_type, object_id__in=objects.values("pk"))
        return queryset.filter(visible)

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


@admin.register(SeedRecord)
class SeedRecordAdmin(admin.ModelAdmin):
    """Read-only: shows what the content loader wrote and when."""

    list_display = ("key", "content_type", "object_id", "loaded_at")
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a record would make the loader re-create what staff deleted: not allowed.
        return False
