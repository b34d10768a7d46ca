"""Interactive documentation served from local assets, and JSON 404/500 handlers for URLs under /api/."""
from __future__ import annotations

from pathlib import Path

import drf_spectacular_sidecar
from django.http import JsonResponse
from django.urls import reverse
from django.views import defaults
from django.views.static import serve
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ..exceptions import error_body

# The sidecar package ships Swagger UI and Redoc, so the docs work without reaching a CDN.
ASSETS = Path(drf_spectacular_sidecar.__file__).resolve().parent / "static" / "drf_spectacular_sidecar"


def docs_asset(request, path: str):
    """Serve a Swagger UI or Redoc file from the installed sidecar package (GET only, no directory listing)."""
    return serve(request, path, document_root=ASSETS)


def _asset(path: str) -> str:
    return reverse("api:docs-asset", kwargs={"path": path})


class SchemaView(SpectacularAPIView):
    token_scope = None  # the schema is public


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI. The split view loads its start-up script from a URL, so a strict CSP needs no inline script."""

    token_scope = None
    url_name = "api:schema"

    @staticmethod
    def _swagger_ui_resource(filename):
        return _asset(f"swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return _asset("swagger-ui-dist/favicon-32x32.png")


class RedocView(SpectacularRedocView):
    token_scope = None
    url_name = "api:schema"

    @staticmethod
    def _redoc_standalone():
        return _asset("redoc/bundles/redoc.standalone.js")


# Redoc injects its styles and runs a worker from a blob: URL, which the site's strict policy forbids. The page
# shows only the public schema, so it alone may have inline styles and blob: workers.
REDOC_CSP = {"style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}


def redoc_view():
    view = RedocView.as_view()
    try:
        from csp.decorators import csp_update
    except ImportError:  # no django-csp, no policy to relax
        return view
    return csp_update(REDOC_CSP)(view)


def _wants_api_error(request) -> bool:
    return request.path.startswith("/api/")


def handler404(request, exception=None):
    """For config/urls.py: unknown URLs under /api/ answer in the API's error shape; others as Django would."""
    if _wants_api_error(request):
        body = error_body(code="not_found", message=f"No API endpoint at {request.path}. See /api/v1/docs/ for the endpoints.")
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request):
    """For config/urls.py: a failure outside an API view (e.g. in middleware) still answers in the error shape."""
    if _wants_api_error(request):
        return JsonResponse(error_body(code="server_error", message="Something went wrong on our side."), status=500)
    return defaults.server_error(request)


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """A URL under one of the API's prefixes that matches no endpoint."""

    token_scope = None
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def dispatch_not_found(self, request, *args, **kwargs):
        raise NotFound(f"No API endpoint at {request.path}. See /api/v1/docs/ for the endpoints.")

    get = post = put = patch = delete = head = options = dispatch_not_found
