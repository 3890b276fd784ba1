import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.views.defaults import server_error

from vluchtwijzer import settings as project_settings


def test_the_500_page_is_friendly_and_needs_no_database():
    # No django_db mark: pytest-django fails this test if the 500 page touches the database.
    response = server_error(RequestFactory().get("/nl/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


@pytest.mark.parametrize("value", ["ja", "2", "maybe"])
def test_a_bad_boolean_setting_stops_start_up_with_its_name(monkeypatch, value):
    monkeypatch.setenv("DEBUG", value)
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        project_settings.env_bool("DEBUG", False)


def test_a_bad_number_setting_stops_start_up_with_its_name(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "a minute")
    with pytest.raises(ImproperlyConfigured, match="CONN_MAX_AGE must be a whole number"):
        project_settings.env_int("CONN_MAX_AGE", 60)


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("0", False), ("", True), ("Off", False)]
)
def test_boolean_settings_accept_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("SECURE_COOKIES", value)
    assert project_settings.env_bool("SECURE_COOKIES", True) is expected


def test_allowed_hosts_are_read_as_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "vluchtwijzer.be, www.vluchtwijzer.be,")
    assert project_settings.env_list("ALLOWED_HOSTS", "") == [
        "vluchtwijzer.be",
        "www.vluchtwijzer.be",
    ]
