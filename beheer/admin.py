"""Staff accounts in the admin: users and groups with history, and a reset for a lost phone."""

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnAttestation, WebAuthnCredential
from reversion.admin import VersionAdmin

from . import second_factor

# Devices hold secrets and are managed through the sign-in pages and the reset below, not as
# raw rows: the libraries' own admin pages are taken off the site.
for model in (TOTPDevice, StaticDevice, WebAuthnCredential, WebAuthnAttestation):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(VersionAdmin, UserAdmin):
    list_display = (*UserAdmin.list_display, "has_second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return second_factor.with_enrolment(super().get_queryset(request))

    @admin.display(description=_("second step"), boolean=True, ordering="is_enrolled")
    def has_second_factor(self, user: User) -> bool:
        return user.is_enrolled

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "second_factor"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Second step"), {"fields": ["second_factor"]})]

    @admin.display(description=_("second step"))
    def second_factor(self, user: User) -> str:
        return second_factor.describe(user)

    def has_reset_second_factor_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(
        description=_(
            "Reset the second step (lost phone): they set it up again at the next sign-in"
        ),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            second_factor.reset_second_factor(user)
            self.log_change(
                request, user, _("Second step reset: the next sign-in sets it up again.")
            )
        self.message_user(
            request,
            ngettext(
                "The second step of %(count)d staff member was reset.",
                "The second step of %(count)d staff members was reset.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


@admin.register(Group)
class StaffGroupAdmin(VersionAdmin, GroupAdmin):
    pass
