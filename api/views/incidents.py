"""Submitting, listing and reading incidents."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors, services
from incidents.models import Incident

from .. import lfpse, presenters, scopes
from ..idempotency import idempotent
from ..pagination import NewestFirstCursorPagination
from ..permissions import CanBrowseIncidents
from ..schema import IDEMPOTENCY_PARAMETER, with_errors
from ..serializers.incidents import IncidentDetailOut, IncidentFilters, IncidentSummaryOut, TimelineItemOut
from ..serializers.lfpse import LfpseExportOut
from ..serializers.submission import SubmissionInput, SubmissionOutput
from ..throttling import AnonymousSubmissionThrottle, TokenClientThrottle



def incident_for(request, reference: str) -> Incident:
    """The incident if the caller may browse it, else 404 (selectors.incident_get), with what presenters read."""
    incident = selectors.incident_get(user=request.user, reference=reference)
    related = presenters.with_summary_relations(Incident.objects.filter(pk=incident.pk))
    return related.select_related("patient", "reporter").prefetch_related("actions", "duplicates").get()


def audit_identifier_view(request, incident: Incident, *, identifiers_shown: bool) -> None:
    """As on the web: a handler or admin reading a record that has identifiers leaves an audit entry."""
    if identifiers_shown and selectors.has_identifiers(incident):
        services.record_identifier_view(incident=incident, by=request.user)


class IncidentCollectionView(generics.GenericAPIView):
    """GET lists incidents in the caller's scope; POST submits a new report (signing in is optional)."""

    token_scopes = {"GET": scopes.INCIDENTS_READ, "POST": scopes.REPORT}
    pagination_class = NewestFirstCursorPagination

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated(), CanBrowseIncidents()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [TokenClientThrottle(), AnonymousSubmissionThrottle()]
        return super().get_throttles()

    @extend_schema(
        operation_id="incidents_list",
        parameters=[IncidentFilters],
        responses=with_errors({200: IncidentSummaryOut(many=True)}, 400, 401, 403),
        description="Incidents the caller may browse (safety leads: their sites and directorates; governance and "
        "administrators: all), newest first, with cursor pagination.",
    )
    def get(self, request):
        filters = IncidentFilters(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = dict(filters.validated_data)
        theme, text = wanted.pop("theme", None), wanted.pop("text", "")
        queryset = selectors.incident_list(user=request.user, filters=wanted)
        if theme:
            queryset = queryset.filter(confirmed_themes__theme__slug=theme)
        if text.strip():
            queryset = selectors.incidents_mentioning(user=request.user, queryset=queryset, text=text)
        page = self.paginate_queryset(presenters.with_summary_relations(queryset))
        return self.get_paginated_response(IncidentSummaryOut([presenters.summary(i) for i in page], many=True).data)

    @extend_schema(
        operation_id="incidents_submit",
        request=SubmissionInput,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses=with_errors({201: SubmissionOutput}, 400, 422),
        auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
        description="Report an incident. Without credentials the report is anonymous and the answer carries its "
        "one-time follow_up_code; a signed-in caller may ask for anonymity with `anonymous: true`.",
    )
    def post(self, request):
        return idempotent(request, lambda: self._submit(request))

    def _submit(self, request) -> Response:
        signed_in = bool(request.user and request.user.is_authenticated)
        serializer = SubmissionInput(data=request.data, context={"signed_in": signed_in})
        serializer.is_valid(raise_exception=True)
        submission = services.incident_submit(reporter=request.user if signed_in else None, **serializer.validated_data)
        incident = submission.incident
        body = {
            "reference": incident.reference,
            "status": incident.status,
            "reported_at": incident.reported_at,
            "anonymous": incident.is_anonymous,
            "follow_up_code": submission.follow_up_code,
        }
        return Response(SubmissionOutput(body).data, status=status.HTTP_201_CREATED)


class IncidentDetailView(APIView):
    token_scope = scopes.INCIDENTS_READ
    @extend_schema(
        operation_id="incidents_retrieve",
        responses=with_errors({200: IncidentDetailOut}, 401, 404),
        description="One incident. Governance reads redacted text and no identifiers or reporter; handlers in scope "
        "and administrators read identifiers, and that read is recorded in the audit trail. Reporters use "
        "/api/v1/me/reports/{reference}/ for their own reports.",
    )
    def get(self, request, reference: str):
        incident = incident_for(request, reference)
        data = IncidentDetailOut(presenters.detail(user=request.user, incident=incident)).data
        audit_identifier_view(request, incident, identifiers_shown=data["identifiers_shown"])
        return Response(data)


class IncidentTimelineView(APIView):
    token_scope = scopes.INCIDENTS_READ
    @extend_schema(
        operation_id="incidents_timeline",
        responses=with_errors({200: TimelineItemOut(many=True)}, 401, 404),
        description="The audit trail of an incident, oldest first, with the reporter withheld where the role requires.",
    )
    def get(self, request, reference: str):
        incident = selectors.incident_get(user=request.user, reference=reference)
        return Response(TimelineItemOut(presenters.timeline(user=request.user, incident=incident), many=True).data)


class IncidentLfpseView(APIView):
    token_scope = scopes.INCIDENTS_READ
    @extend_schema(
        operation_id="incidents_lfpse",
        responses=with_errors({200: LfpseExportOut}, 401, 404),
        description="LFPSE-shaped export: Vigil's values under descriptive keys, LFPSE event type and harm by name, "
        "FHIR R4 AdverseEvent core elements that map directly, and a list of what is not mapped. No identifiers; "
        "free text redacted for governance.",
    )
    def get(self, request, reference: str):
        incident = incident_for(request, reference)
        data = LfpseExportOut(lfpse.export(user=request.user, incident=incident)).data
        audit_identifier_view(request, incident, identifiers_shown=not data["text_redacted"])
        return Response(data)
