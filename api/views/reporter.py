"""A reporter's own reports, and following up an anonymous report with its code."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors

from .. import presenters, scopes
from ..pagination import NewestFirstCursorPagination
from ..schema import with_errors
from ..serializers.reporter import FollowUpInput, OwnReportOut, OwnReportSummaryOut, ReportStatusOut
from ..throttling import FollowUpThrottle, TokenClientThrottle


class MyReportsView(generics.GenericAPIView):
    token_scope = scopes.REPORT
    pagination_class = NewestFirstCursorPagination

    @extend_schema(
        operation_id="me_reports_list",
        responses=with_errors({200: OwnReportSummaryOut(many=True)}, 400, 401),
        description="Reports the caller made under their name, newest first. Anonymous reports are not listed: "
        "follow them up with their code.",
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.own_reports(user=request.user))
        return self.get_paginated_response(OwnReportSummaryOut([presenters.own_report_summary(i) for i in page], many=True).data)


class MyReportDetailView(APIView):
    token_scope = scopes.REPORT
    @extend_schema(
        operation_id="me_reports_retrieve",
        responses=with_errors({200: OwnReportOut}, 401, 404),
        description="One of the caller's own reports, with the safety team's feedback.",
    )
    def get(self, request, reference: str):
        incident = selectors.own_report_get(user=request.user, reference=reference)
        return Response(OwnReportOut(presenters.own_report(incident)).data)


class FollowUpView(APIView):
    token_scope = None  # the follow-up code is the credential; no account needed
    permission_classes = [AllowAny]
    throttle_classes = [TokenClientThrottle, FollowUpThrottle]

    @extend_schema(
        operation_id="follow_up",
        request=FollowUpInput,
        responses=with_errors({200: ReportStatusOut}, 400, (404, "No report matches this code (not_found).")),
        auth=[{"tokenAuth": []}, {"cookieAuth": []}, {}],
        description="Look up an anonymous report by the follow-up code given when it was sent. The code goes in the "
        "body, never in the URL, so it does not reach logs or browser history.",
    )
    def post(self, request):
        serializer = FollowUpInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        incident = selectors.incident_by_follow_up_code(code=serializer.validated_data["code"])
        if incident is None:
            raise NotFound("No report matches this code. Check it and try again.")
        return Response(ReportStatusOut(presenters.report_status(incident)).data)
