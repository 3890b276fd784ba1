from django.urls import path

from . import views

app_name = "onderhoud"

urlpatterns = [
    path("melden/", views.report, name="report"),
    path("controle/<str:token>/", views.verify, name="verify"),
    path("controle/<str:token>/wijziging/", views.propose_changes, name="propose"),
]
