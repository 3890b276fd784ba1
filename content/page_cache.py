"""Whole-page caching for readers, correct across several app servers.

A reader's GET of a public page is cached (Django's cache: per process, or Redis when REDIS_URL is
set) under a key that holds the site's content version: any save of content bumps the version
(content.invalidation), so the next request on every app server misses and renders fresh. A hit
asks no database: the version comes from content.version. Each response carries an ETag from the
same key, so a repeat visit costs a 304. Staff (a session cookie), htmx fragments and the
region cookie each get their own entries or none.

Only query strings a page reads are stored (views name them with @cache_query_params); any
other query string is served uncached, so `?x=1`, `?x=2`, ... cannot fill the cache.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

from .version import bumped_in_open_transaction, current_version

logger = logging.getLogger(__name__)
CACHE_SECONDS = 3600
REGION_COOKIE = (
    "vluchtwijzer_regio"  # the reader's region (organisaties.reader_region): its own entries
)
SKIP_PREFIXES = ("/admin", "/healthz", "/bench", "/static")
# Content-Disposition: a download (a map as SVG) must stay a download when served from the cache.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Content-Disposition")


def content_version(request: HttpRequest | None) -> int:
    """The content version for this request: read once (the cache middleware may have read it)."""
    if request is None:
        return current_version()
    if getattr(request, "content_version", None) is None:
        request.content_version = current_version()
    return request.content_version


def cache_query_params(*names: str):
    """Declare the query parameters a view reads: only responses to those are cached."""

    def decorate(view):
        view.page_cache_params = frozenset(names)
        return view

    return decorate


def storable_query(request: HttpRequest) -> bool:
    """True when every query parameter is one the view declared (or there are none)."""
    if not request.GET:
        return True
    match = request.resolver_match
    allowed = getattr(match.func, "page_cache_params", frozenset()) if match else frozenset()
    return set(request.GET) <= allowed


def cache_key(request: HttpRequest, version: int) -> str:
    region = request.COOKIES.get(REGION_COOKIE, "")
    htmx = request.headers.get("HX-Request", "") + request.headers.get(
        "HX-History-Restore-Request", ""
    )
    raw = f"{version}|{request.get_full_path()}|{htmx}|{region}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def cacheable(self, request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES  # staff preview drafts
            and not request.path.startswith(SKIP_PREFIXES)
        )

    @staticmethod
    def cached(key: str):
        try:
            return cache.get(key)
        except Exception as error:  # noqa: BLE001 - a lost cache server: render, do not fail
            logger.warning("Page cache unavailable: %s", error)
            return None

    @staticmethod
    def store(key: str, entry: tuple) -> None:
        if bumped_in_open_transaction():
            return  # an edit that may still roll back: its version number could come again
        try:
            cache.set(key, entry, CACHE_SECONDS)
        except Exception as error:  # noqa: BLE001
            logger.warning("Page cache unavailable: %s", error)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.cacheable(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                # Staff may see drafts: no browser, proxy or service worker may keep this page.
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            version = current_version()
        except DatabaseError:
            return self.get_response(request)  # the view will answer the friendly 503
        request.content_version = version
        key = cache_key(request, version)
        etag = f'"{key[5:]}"'
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        cached = self.cached(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
        else:
            response = self.get_response(request)
            if (
                response.status_code == 200
                and not response.cookies
                and not response.streaming
                and storable_query(request)
            ):
                headers = {
                    name: response[name] for name in KEPT_HEADERS if response.has_header(name)
                }
                self.store(key, (response.status_code, headers, response.content))
            else:
                return response
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response
