"""GET /api/v1/search/: the search service over HTTP. Errors are DRF exceptions; api/ shapes them."""
from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import access

from . import services
from .criteria import FACETS
from .query import MAX_QUERY_CHARS

ID_MAX = 2**63 - 1  # the largest id a database column holds; larger numbers are a clear 400, not a crash


class SearchUnavailable(exceptions.APIException):
    status_code = 503
    default_detail = services.UNAVAILABLE
    default_code = "search_unavailable"


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=MAX_QUERY_CHARS * 2,
                              help_text='Words, "phrases", -exclusions, OR and field filters (see docs/search.md).')
    sort = serializers.ChoiceField(choices=["relevance", "date"], required=False, default="relevance")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=services.MAX_RESULT_WINDOW)
    page_size = serializers.IntegerField(required=False, default=services.PER_PAGE, min_value=1, max_value=100)
    theme = serializers.ListField(child=serializers.CharField(max_length=60), required=False, help_text="Theme slug; repeat to OR")
    harm = serializers.ListField(child=serializers.ChoiceField(choices=["none", "low", "moderate", "severe", "fatal"]), required=False)
    status = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    event_type = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    site = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False)
    directorate = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=ID_MAX), required=False)
    after = serializers.DateField(required=False, help_text="Happened on or after (YYYY-MM-DD)")
    before = serializers.DateField(required=False, help_text="Happened on or before (YYYY-MM-DD)")

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):
            lists = {name for name, field in self.fields.items() if isinstance(field, serializers.ListField)}
            data = {k: (data.getlist(k) if k in lists else data.get(k)) for k in data}
        return super().to_internal_value(data)


class SearchThemeOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    confirmed = serializers.BooleanField()


class SearchResultOut(serializers.Serializer):
    reference = serializers.CharField()
    url = serializers.CharField(help_text="The incident's page")
    occurred_at = serializers.DateTimeField()
    event_type = serializers.CharField()
    status = serializers.CharField()
    physical_harm = serializers.CharField()
    psychological_harm = serializers.CharField()
    site = serializers.CharField()
    directorate = serializers.CharField()
    location = serializers.CharField()
    highlight = serializers.CharField(help_text="HTML: escaped text with <mark> around matched words")
    themes = SearchThemeOut(many=True)
    score = serializers.FloatField(allow_null=True)


class SearchFacetValueOut(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SearchMonthOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class SearchOut(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
    results = SearchResultOut(many=True)
    facets = serializers.DictField(child=SearchFacetValueOut(many=True), help_text=f"Keys: {', '.join(FACETS)}")
    histogram = SearchMonthOut(many=True)


def _result(item: services.ResultItem) -> dict:
    incident = item.incident
    location = incident.location
    return {
        "reference": incident.reference,
        "url": reverse("incident_detail", args=[incident.reference]),
        "occurred_at": incident.occurred_at,
        "event_type": incident.event_type,
        "status": incident.status,
        "physical_harm": incident.physical_harm,
        "psychological_harm": incident.psychological_harm,
        "site": location.directorate.site.name,
        "directorate": location.directorate.name,
        "location": location.name,
        "highlight": item.highlight,
        "themes": [{"slug": t.slug, "name": t.name, "confirmed": t.confirmed} for t in item.themes],
        "score": item.score,
    }


class SearchAPIView(APIView):
    """Full-text search over the incidents the caller may see (handlers: their scope; governance: redacted)."""

    token_scope = "search"  # api.scopes.SEARCH
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="incidents_search", parameters=[SearchQuerySerializer], responses={200: SearchOut, 503: OpenApiResponse(description="The search backend is unavailable; retry later.")}, tags=["search"])
    def get(self, request):
        if not access.can_browse_all(request.user):
            raise exceptions.PermissionDenied("Search is for safety leads, governance and administrators.")
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        params = {key: [str(v) for v in data.pop(key)] for key in FACETS if data.get(key)}
        for key in ("after", "before"):
            if data.get(key):
                params[key] = [data[key].isoformat()]
        results = services.incident_search(
            user=request.user, q=data["q"], params=params, sort=data["sort"], page=data["page"], per_page=data["page_size"]
        )
        if results.error:
            raise SearchUnavailable()
        body = {
            "count": results.count,
            "page": results.page,
            "num_pages": results.num_pages,
            "warnings": results.warnings,
            "results": [_result(item) for item in results.items],
            "facets": {
                key: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
                for key, values in results.facets.items()
            },
            "histogram": [{"month": f"{month:%Y-%m}", "count": n} for month, n in results.histogram],
        }
        return Response(SearchOut(body).data)
