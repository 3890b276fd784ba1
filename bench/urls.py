"""The project's URLs plus /bench/floor/, for `make bench` (bench/settings.py) only."""

from django.urls import path

from bench.floor import floor
from vluchtwijzer.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("bench/floor/", floor), *project_urlpatterns]
