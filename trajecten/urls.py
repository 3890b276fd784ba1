from django.urls import path

from . import views

app_name = "trajecten"

urlpatterns = [
    path("trajecten/afdrukken/", views.print_kit, name="print"),
    path("trajecten/<slug:slug>/", views.chapter_detail, name="chapter"),
    path("pagina/<slug:slug>/", views.page_detail, name="page"),
]
