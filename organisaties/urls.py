from django.urls import path

from . import views

app_name = "organisaties"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("regio/", views.choose_region, name="choose_region"),
    path("netwerkkaart/<slug:slug>/", views.network_map, name="map"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
