from django.urls import path

from . import views

app_name = "stappen"

urlpatterns = [
    path("", views.checklist, name="checklist"),
]
