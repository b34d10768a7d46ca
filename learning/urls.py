from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("themes/", views.theme_overview, name="theme_overview"),
    path("incidents/<str:reference>/themes/", views.incident_themes, name="incident_themes"),
]
