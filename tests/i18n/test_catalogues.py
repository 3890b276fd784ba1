"""The interface catalogues: complete in every language, and never stale against the code."""

import os
import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LANGUAGES = [code for code, _ in settings.LANGUAGES]


def catalogue(language: str):
    with open(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated_and_none_is_fuzzy(language):
    messages = catalogue(language)
    empty = [
        m.id
        for m in messages
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in messages if m.id and m.fuzzy]
    assert not messages.fuzzy, "the catalogue header is marked fuzzy"
    assert empty == []
    assert fuzzy == []


def test_catalogues_are_not_stale(tmp_path):
    """Extract the strings from the code again (in a copy) and compare with the committed catalogues."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed in CI to check the catalogues")
        pytest.skip("GNU gettext is not installed; CI runs this check")
    copy = tmp_path / "project"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "staticfiles", "node_modules", "__pycache__", "*.mo"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "--ignore=staticfiles",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "vluchtwijzer.settings"},
    )
    with open(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po", "rb") as fh:
        fresh = {m.id for m in read_po(fh) if m.id}
    committed = {m.id for m in catalogue("nl") if m.id}
    assert fresh - committed == set(), (
        "strings in the code that are not in the catalogues: run `make messages`"
    )
    assert committed - fresh == set(), (
        "strings in the catalogues that the code no longer uses: run `make messages`"
    )
    for language in LANGUAGES:
        assert {m.id for m in catalogue(language) if m.id} == committed, (
            f"{language} has other msgids than nl"
        )
