"""Included by api/urls.py as path("search/", include("search.api_urls")): serves GET /api/v1/search/."""
from django.urls import path

from .api import SearchAPIView

urlpatterns = [path("", SearchAPIView.as_view(), name="api-search")]
