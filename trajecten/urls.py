from django.urls import path

from . import views

app_name = "trajecten"

urlpatterns = [
    path("afdrukken/", views.print_kit, name="print"),
    path("<slug:slug>/", views.chapter_detail, name="chapter"),
]
