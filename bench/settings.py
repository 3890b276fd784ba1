"""`make bench` only: the project's settings plus the floor view's URL. Never used in production."""

from vluchtwijzer.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
