from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("pagina/<slug:slug>/", views.page_detail, name="page"),
    path("woordenlijst/", views.glossary, name="glossary"),
    path("zoeken/", views.search, name="search"),
]
