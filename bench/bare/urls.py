"""The bare project's one URL: the same view as the project's floor."""

from django.http import HttpResponse
from django.urls import path

from bench.bare.settings import BASE_DIR

SNAPSHOT = (BASE_DIR / "var" / "bench" / "chapter.html").read_bytes()


def floor(request):
    return HttpResponse(SNAPSHOT, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/floor/", floor)]
