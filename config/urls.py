from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import health

urlpatterns = [
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("api.urls")),
    path("learning/", include("learning.urls")),
    path("trends/", include("learning.dashboard_urls")),
    path("search/", include("search.urls")),
    path("", include("incidents.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

# Unknown URLs and failures under /api/ answer in the API's JSON error shape; pages as usual elsewhere.
handler404 = "api.views.meta.handler404"
handler500 = "api.views.meta.handler500"
