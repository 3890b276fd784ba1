"""The admin site: staff need a verified second factor, and shortcuts respect a user's scope."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse


def awaiting_second_factor(user) -> bool:
    """Signed in with a password as staff, but not yet with the second factor."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not getattr(user, "is_verified", lambda: False)()
    )


def second_factor_url(next_url: str) -> str:
    return f"{reverse('admin:second_factor')}?{urlencode({'next': next_url})}"


class VerifiedAdminSite(admin.AdminSite):
    site_header = "Vluchtwijzer"
    site_title = "Vluchtwijzer"

    def has_permission(self, request: HttpRequest) -> bool:
        """A password alone opens no admin page: staff must also pass their second factor."""
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        next_url = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
        if request.method == "GET" and awaiting_second_factor(request.user):
            return HttpResponseRedirect(second_factor_url(next_url))
        response = super().login(request, extra_context)
        if request.method == "POST" and awaiting_second_factor(request.user):
            return HttpResponseRedirect(second_factor_url(next_url))  # the password was right
        return response

    def get_urls(self):
        from . import views  # the views render with this site's context

        own = [
            path("tweede-stap/", views.verify, name="second_factor"),
            path("tweede-stap/instellen/", views.enrol, name="second_factor_enrol"),
            path("tweede-stap/afmelden/", views.sign_out, name="second_factor_sign_out"),
            path(
                "tweede-stap/beheren/",
                self.admin_view(views.manage),
                name="second_factor_manage",
            ),
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
        ]
        return own + [
            url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"
        ]

    def view_on_site(self, request: HttpRequest, content_type_id: int, object_id: str):
        """ "View on site", only for an object the user may see in the admin (not another province's draft)."""
        content_type = get_object_or_404(ContentType, pk=content_type_id)
        model = content_type.model_class()
        if model is None or not self.is_registered(model):
            raise Http404
        model_admin = self.get_model_admin(model)
        if not model_admin.has_view_or_change_permission(request):
            raise Http404
        try:
            visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404
        return shortcut(request, content_type_id, object_id)
