from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
    path("learning/", include("learning.urls")),
    path("search/", include("search.urls")),
    path("", include("incidents.urls")),
]
