import logging
from functools import lru_cache

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer a friendly 503 instead of a 500.

    Django reconnects on the next request (CONN_HEALTH_CHECKS), so the site recovers by
    itself when PostgreSQL is back; nothing is cached across the outage.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)) or (
            isinstance(exception, DatabaseError) and "connection" in str(exception).lower()
        ):
            logger.error("Database unavailable: %s", exception)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "30"
            return response
        return None


class PrebuiltCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy built once instead of on every response.

    The site's policy is static (settings.CONTENT_SECURITY_POLICY, no nonces, no per-view
    changes), yet django-csp copies and joins it for every response: a fifth of a reader's
    request. When a response asks for nothing special, the header built by django-csp itself
    at the first request is reused; anything else (a nonce, a decorator) goes the library's way.
    """

    PER_RESPONSE = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_exempt",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
        "_csp_exempt_ro",
    )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in self.PER_RESPONSE)
            or (settings.DEBUG and response.status_code in (404, 500))
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or CSP_HEADER in response
            or request.path_info.startswith(_csp_excluded_prefixes())
        ):
            return super().process_response(request, response)
        policy = _site_policy()
        if policy:
            response[CSP_HEADER] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@lru_cache(maxsize=1)
def _site_policy() -> str:
    return build_policy()


@lru_cache(maxsize=1)
def _csp_excluded_prefixes() -> tuple[str, ...]:
    return tuple((settings.CONTENT_SECURITY_POLICY or {}).get("EXCLUDE_URL_PREFIXES") or ())


@receiver(setting_changed)
def _policy_settings_changed(setting: str, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()
        _csp_excluded_prefixes.cache_clear()
