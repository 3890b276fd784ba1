from django.urls import path

from . import views

app_name = "trajecten"

urlpatterns = [
    path("<slug:slug>/", views.chapter_detail, name="chapter"),
]
