from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationTabularInline,
)
from reversion.admin import VersionAdmin
from reversion.models import Version

from content.admin_translations import TranslationTrackingAdmin
from vluchtwijzer.admin_helpers import edited_object_id

from .models import (
    VERIFY_EVERY,
    Coordinator,
    MapConnection,
    MapGroup,
    MapNode,
    NetworkMap,
    Organisation,
    Region,
    region_ids_editable_by,
)


class NotVerifiedFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("stale", _("Not verified in the last 12 months"))]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.not_verified_since(timezone.localdate() - VERIFY_EVERY)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    """Regional coordinators see and edit only their regions' organisations, by every admin path.

    The list, the change form, delete, bulk actions and autocomplete all go through
    get_queryset(); the history views of django-reversion are checked here as well, because a
    revert or recovery could otherwise restore an object into another region.
    """

    list_display = ("name", "abbreviation", "kind", "municipality", "last_verified", "status")
    list_filter = (NotVerifiedFilter, "kind", "regions", "chapters", "status")
    search_fields = ("name", "abbreviation", "municipality", "description_nl")
    readonly_fields = ("updated_at",)
    filter_horizontal = ("regions", "chapters")
    prepopulated_fields = {"slug": ("name",)}
    actions = ["mark_verified_today"]
    fieldsets = [
        (None, {"fields": ("name", "abbreviation", "slug", "kind", "status", "description")}),
        (
            _("Contact"),
            {
                "fields": (
                    "website",
                    "email",
                    "phone",
                    "street",
                    "postcode",
                    "municipality",
                    "languages",
                )
            },
        ),
        (_("Where and when"), {"fields": ("regions", "chapters", "last_verified", "updated_at")}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def _in_scope(self, request, obj) -> bool:
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._in_scope(request, obj))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "regions":
            region_ids = region_ids_editable_by(request.user)
            if region_ids is not None:
                kwargs["queryset"] = Region.objects.filter(pk__in=region_ids)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.action(description=_("Mark as verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        today = timezone.localdate()
        organisations = list(queryset)
        for organisation in organisations:
            organisation.mark_verified(on=today)
        count = len(organisations)
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation marked as verified.",
                "%(count)d organisations marked as verified.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # django-reversion's history, revert and recover views, held to the same scope.

    def _version_in_scope(self, request, version: Version) -> bool:
        region_ids = region_ids_editable_by(request.user)
        if region_ids is None:
            return True
        for other in version.revision.version_set.all():
            if other.content_type.model_class() is not Organisation:
                return False
            stored_regions = set(other.field_dict.get("regions", []))
            if not stored_regions or not stored_regions <= region_ids:
                return False
        return True

    def _reversion_order_version_queryset(self, request, queryset):
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if region_ids_editable_by(request.user) is None:
            return queryset
        return queryset.filter(
            pk__in=[v.pk for v in queryset if self._version_in_scope(request, v)]
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None and region_ids_editable_by(request.user) is not None:
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        version = get_object_or_404(Version, pk=version_id, object_id=object_id)
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or not self._version_in_scope(request, version)
        ):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        if version.content_type.model_class() is not Organisation or not self._version_in_scope(
            request, version
        ):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)


@admin.register(Region)
class RegionAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("name", "key", "within", "position")
    list_editable = ("position",)


class MapGroupInline(TranslationTabularInline):
    model = MapGroup
    extra = 0
    fields = ("position", "key", "title")


class MapChildInline:
    """Offer only the groups and nodes of the map being edited in the inline's drop-downs."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        map_id = edited_object_id(request)
        if db_field.name == "group":
            kwargs["queryset"] = (
                MapGroup.objects.filter(network_map_id=map_id)
                if map_id
                else MapGroup.objects.none()
            )
        elif db_field.name in {"source", "target"}:
            kwargs["queryset"] = (
                MapNode.objects.filter(network_map_id=map_id) if map_id else MapNode.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MapNodeInline(MapChildInline, TranslationTabularInline):
    model = MapNode
    extra = 0
    fields = ("position", "group", "key", "kind", "organisation", "label")
    autocomplete_fields = ("organisation",)


class MapConnectionInline(MapChildInline, TranslationTabularInline):
    model = MapConnection
    extra = 0
    fields = ("source", "target", "label")


@admin.register(NetworkMap)
class NetworkMapAdmin(TranslationTrackingAdmin, VersionAdmin, TranslationAdmin):
    list_display = ("title", "chapter", "reconstructed", "updated_at")
    list_select_related = ("chapter",)
    readonly_fields = ("updated_at",)
    inlines = [MapGroupInline, MapNodeInline, MapConnectionInline]


class CoordinatorInline(admin.StackedInline):
    model = Coordinator
    can_delete = True
    filter_horizontal = ("regions",)
    verbose_name_plural = _("regional coordinator of")


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(VersionAdmin, UserAdmin):
    inlines = [*UserAdmin.inlines, CoordinatorInline]


@admin.register(Group)
class StaffGroupAdmin(VersionAdmin, GroupAdmin):
    pass


@admin.register(Coordinator)
class CoordinatorAdmin(VersionAdmin):
    list_display = ("user", "region_names")
    filter_horizontal = ("regions",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("regions")

    @admin.display(description=_("regions"))
    def region_names(self, obj: Coordinator) -> str:
        return ", ".join(region.name for region in obj.regions.all())
