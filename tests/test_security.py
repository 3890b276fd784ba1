"""Headers, cookies, login throttling, the health check and the 503 page."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError

from tests.factories import make_chapter, make_staff

pytestmark = pytest.mark.django_db


def test_every_page_sends_the_security_headers(client):
    chapter = make_chapter()
    response = client.get(chapter.get_absolute_url())
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_readers_get_no_cookie_unless_they_choose_a_region(client):
    chapter = make_chapter()
    for url in (
        "/nl/",
        chapter.get_absolute_url(),
        "/nl/organisaties/",
        "/nl/zoeken/?q=leefloon",
        "/ar/",
    ):
        assert not client.get(url).cookies, url


def test_pages_load_nothing_from_a_third_party(client):
    html = client.get(make_chapter().get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert "http://" not in head.replace("http://testserver", "") and "https://" not in head


def test_admin_login_is_throttled_after_repeated_failures(client):
    make_staff("redactie")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "redactie", "password": "fout"})
    response = client.post(
        "/admin/login/", {"username": "redactie", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "Te veel mislukte aanmeldingen" in response.content.decode()  # the admin is Dutch


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_healthz_says_503_when_the_database_is_gone(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get("/healthz").status_code == 503


def test_a_database_outage_gives_a_friendly_503(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/nl/trajecten/bestaat-niet/")
    assert response.status_code == 503
    assert "even niet bereikbaar" in response.content.decode()
    assert response["Retry-After"] == "30"


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-for-the-check-" + "y" * 20,
        "ALLOWED_HOSTS": "vluchtwijzer.example",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
        "SECURE_HSTS_PRELOAD": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_prebuilt_policy_is_the_one_django_csp_builds_and_decorators_still_work(rf, settings):
    from csp.decorators import csp_update
    from csp.utils import build_policy
    from django.http import HttpResponse

    from content.middleware import PrebuiltCSPMiddleware

    plain = PrebuiltCSPMiddleware(lambda request: HttpResponse("ok"))
    assert plain(rf.get("/nl/"))["Content-Security-Policy"] == build_policy()

    widened = PrebuiltCSPMiddleware(
        csp_update({"img-src": "https://tiles.example"})(lambda request: HttpResponse("ok"))
    )
    assert "https://tiles.example" in widened(rf.get("/nl/"))["Content-Security-Policy"]

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert plain(rf.get("/nl/"))["Content-Security-Policy"] == "default-src 'none'"
