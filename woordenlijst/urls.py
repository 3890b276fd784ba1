from django.urls import path

from . import views

app_name = "woordenlijst"

urlpatterns = [path("", views.glossary, name="glossary")]
