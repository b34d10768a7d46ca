"""The project's URLs plus the search API where api/urls.py will include it."""
from django.urls import include, path

from config.urls import urlpatterns as project

urlpatterns = [path("api/v1/search/", include("search.api_urls")), *project]
