"""The second sign-in step for staff: enrol an authenticator app or passkey, then verify every time.

A code that is wrong counts as a failed sign-in for django-axes, under a name of its own
("<user> (second step)"), so a correct password does not reset the count and a stolen password
gives no more than a handful of guesses. The libraries add their own per-device throttling.
"""

from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from . import second_factor
from .forms import CodeForm
from .sites import awaiting_second_factor


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed and url != reverse("admin:index"):
        return url
    return _landing_page(request.user) or reverse("admin:index")


def _landing_page(user) -> str | None:
    """Where a role starts when it asked for the admin's index (settings.STAFF_LANDING_PAGE:
    a dotted path, so this bottom layer names no domain app); None: the index."""
    path = getattr(settings, "STAFF_LANDING_PAGE", "")
    return import_string(path)(user) if path and user.is_authenticated else None


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {**admin.site.each_context(request), "next": _next_url(request), **context}
    return TemplateResponse(request, template, context, status=status)


def _throttled_check(request: HttpRequest, check) -> tuple[object | None, HttpResponse | None]:
    """Run `check()` (which returns a device or None) under django-axes' lockout rules."""
    credentials = {"username": f"{request.user.get_username()} (second step)"}
    AxesProxyHandler.update_request(request)
    if not AxesProxyHandler.is_allowed(request, credentials):
        return None, get_lockout_response(request, None, credentials)
    device = check()
    if device is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return None, get_lockout_response(request, None, credentials)
    return device, None


def _signed_in_staff_only(request: HttpRequest) -> HttpResponse | None:
    if not (request.user.is_authenticated and request.user.is_active and request.user.is_staff):
        return redirect(f"{reverse('admin:login')}?next={reverse('admin:index')}")
    return None


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password: a code from the app, a recovery code, or a passkey."""
    if refused := _signed_in_staff_only(request):
        return refused
    if not awaiting_second_factor(request.user):
        return HttpResponseRedirect(_next_url(request))
    if not second_factor.is_enrolled(request.user):
        return redirect(f"{reverse('admin:second_factor_enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        wait = second_factor.seconds_to_wait(request.user) if code.isdigit() else 0
        if wait:
            message = ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                wait,
            )
            form.add_error("code", message % {"seconds": wait})
        else:
            device, locked = _throttled_check(
                request, lambda: second_factor.device_for_code(request.user, code)
            )
            if locked:
                return locked
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(_next_url(request))
            form.add_error(
                "code",
                _("That code is not right. Check the time on your phone, or use a recovery code."),
            )
    status = 400 if form.errors else 200
    return _page(request, "beheer/verify.html", {"form": form, "title": _("Second step")}, status)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: forced at the first sign-in, or to move to a new phone."""
    if refused := _signed_in_staff_only(request):
        return refused
    user = request.user
    if second_factor.is_enrolled(user) and not user.is_verified():
        # Replacing a second factor needs the current one: a password alone is not enough.
        return redirect(f"{reverse('admin:second_factor')}?{request.GET.urlencode()}")
    device = second_factor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        confirmed, locked = _throttled_check(
            request, lambda: device if second_factor.confirm_authenticator(device, code) else None
        )
        if locked:
            return locked
        if confirmed is not None:
            otp_login(request, device)
            codes = second_factor.new_recovery_codes(user)
            return _page(
                request,
                "beheer/recovery_codes.html",
                {"codes": codes, "title": _("Your recovery codes")},
            )
        form.add_error(
            "code",
            _(
                "That code is not right. Scan the QR code again and type the code your app shows now."
            ),
        )
    context = {
        "form": form,
        "title": _("Set up your second step"),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": b32encode(device.bin_key).decode(),
        "is_first_time": not second_factor.is_enrolled(user),
    }
    return _page(request, "beheer/enrol.html", context, 400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """For a verified staff member: their factors, a new passkey, fresh recovery codes."""
    fresh = request.method == "POST" and request.POST.get("action") == "new-recovery-codes"
    if fresh or second_factor.recovery_codes_left(request.user) == 0:
        # Also right after a first passkey: nobody should be without a way back in.
        codes = second_factor.new_recovery_codes(request.user)
        return _page(
            request,
            "beheer/recovery_codes.html",
            {"codes": codes, "title": _("Your recovery codes")},
        )
    context = {
        "title": _("Your second step"),
        "summary": second_factor.describe(request.user),
        "passkeys": second_factor.passkeys(request.user),
    }
    return _page(request, "beheer/manage.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Leave halfway: the password step alone never opens the admin, so just sign out."""
    logout(request)
    return redirect("admin:login")
