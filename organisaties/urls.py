from django.urls import path

from . import views

app_name = "organisaties"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("regio/", views.choose_region, name="choose_region"),
    path("netwerkkaart/<slug:slug>/", views.network_map, name="map"),
    path("netwerkkaart/<slug:slug>/tekening/", views.map_drawing, name="map_drawing"),
    path("netwerkkaart/<slug:slug>/kaart.svg", views.map_svg, name="map_svg"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
