"""Production refuses unsafe set-ups: no invented SECRET_KEY, no unbounded cache, no bench URLs."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from tests.factories import make_chapter

PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "vluchtwijzer.example"}


def run(*command: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, *command],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


MISSING = "SECRET_KEY must be set when DEBUG is false"
KEY = {"SECRET_KEY": "a-long-random-production-key-" + "x" * 30}


def test_without_secret_key_production_does_not_serve():
    result = run("-c", "import vluchtwijzer.wsgi", **PRODUCTION)  # what gunicorn and runserver load
    assert result.returncode != 0
    assert MISSING in result.stderr


def test_without_secret_key_the_deploy_check_fails_and_no_signed_link_is_sent():
    deploy = run("manage.py", "check", "--deploy", **PRODUCTION)
    assert deploy.returncode != 0 and "content.E001" in deploy.stderr and MISSING in deploy.stderr
    send = run("manage.py", "send_verification_requests", **PRODUCTION)
    assert send.returncode != 0 and MISSING in send.stderr


def test_without_secret_key_commands_that_sign_nothing_still_run():
    """A fresh clone, or a migration in production before the key is in place."""
    for command in (["check"], ["makemigrations", "--check", "--dry-run"]):
        result = run("manage.py", *command, **PRODUCTION)
        assert result.returncode == 0, (command, result.stderr)


def test_with_secret_key_production_serves_and_passes_the_check():
    assert run("-c", "import vluchtwijzer.wsgi", **PRODUCTION, **KEY).returncode == 0
    result = run("manage.py", "check", **PRODUCTION, **KEY)
    assert result.returncode == 0, result.stderr
    assert "content.E001" not in run("manage.py", "check", "--deploy", **PRODUCTION, **KEY).stderr


def test_bench_endpoints_are_never_routed_by_the_project(monkeypatch):
    monkeypatch.setenv("BENCH_ENDPOINTS", "true")  # the old switch: it no longer exists
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


@pytest.mark.django_db
def test_unknown_query_parameters_are_served_but_never_cached(client, settings):
    settings.PAGE_CACHE = True
    chapter = make_chapter()
    for n in range(3):
        assert client.get(f"{chapter.get_absolute_url()}?x={n}").status_code == 200
    pages = [key for key in cache._cache if ":page:" in key]  # noqa: SLF001 - LocMemCache's store
    assert pages == []  # no page was kept (fragments of it may be: they are the same for all)
    with CaptureQueriesContext(connection) as queries:
        client.get(f"{chapter.get_absolute_url()}?x=0")
    assert len(queries) > 1  # rendered again: a cache hit asks no database


@pytest.mark.django_db
def test_parameters_a_page_reads_are_cached(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE = True
    client.get("/nl/zoeken/?q=leefloon")
    with django_assert_num_queries(0):  # a hit asks no database (content/version.py)
        client.get("/nl/zoeken/?q=leefloon")
    client.get("/nl/zoeken/?q=leefloon&utm_source=nieuwsbrief")
    assert len([key for key in cache._cache if ":page:" in key]) == 1  # noqa: SLF001
