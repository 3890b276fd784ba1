from django.urls import path

from . import feeds, views

app_name = "actueel"

urlpatterns = [
    path("", views.changes, name="changes"),
    path("feed/", feeds.ChangesFeed(), name="feed"),
    path("regels/", views.rules, name="rules"),
]
