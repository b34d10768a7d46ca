"""Triage: the same services as the web's triage panel, for safety leads in scope and administrators.

Out of scope answers 404 (existence not disclosed); a role that may read but not change (governance) gets 403.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import access, selectors, services
from incidents.models import Incident, IncidentAction

from .. import presenters, scopes
from ..idempotency import idempotent
from ..schema import IDEMPOTENCY_PARAMETER, with_errors
from ..serializers.incidents import ActionOut, FeedbackOut, IncidentSummaryOut
from ..serializers.triage import (
    ActionInput,
    ActionStateInput,
    AssignInput,
    CandourInput,
    DuplicateInput,
    FeedbackInput,
    GradingInput,
    HandlerOut,
    TransitionInput,
)

TRIAGE_ERRORS = (400, 401, 403, 404)


def managed_incident(request, reference: str) -> Incident:
    """The incident if the caller may change it: 404 if they cannot see it, 403 if they can only read it."""
    incident = selectors.incident_get(user=request.user, reference=reference)
    if not access.can_manage(request.user, incident):
        raise PermissionDenied("Your role can read this incident but not change it.")
    return incident


def _validated(serializer_class, request, **context) -> dict:
    serializer = serializer_class(data=request.data, context=context)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _summary(incident: Incident) -> dict:
    fresh = presenters.with_summary_relations(Incident.objects.filter(pk=incident.pk)).get()
    return IncidentSummaryOut(presenters.summary(fresh)).data


class _TriageView(APIView):
    """POST a change to one incident; answers with the incident's summary as it now stands."""

    token_scope = scopes.TRIAGE
    input_class: type[serializers.Serializer]
    # The services name fields after the model; where the API's input field differs, errors are renamed.
    service_fields: dict[str, str] = {}

    def post(self, request, reference: str):
        incident = managed_incident(request, reference)
        data = _validated(self.input_class, request, incident=Incident.objects.get(pk=incident.pk))
        try:
            self.apply(request, incident, data)
        except ValidationError as exc:
            for model_name, api_name in self.service_fields.items():
                if model_name in getattr(exc, "error_dict", {}):
                    exc.error_dict[api_name] = exc.error_dict.pop(model_name)
            raise
        return Response(_summary(incident))

    def apply(self, request, incident: Incident, data: dict) -> None:
        raise NotImplementedError


def _triage_schema(input_class, operation_id: str, description: str):
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id,
            request=input_class,
            responses=with_errors({200: IncidentSummaryOut}, *TRIAGE_ERRORS),
            description=description,
        )
    )


@_triage_schema(AssignInput, "incidents_assign", "Assign a safety lead who manages the location, or unassign with null.")
class AssignView(_TriageView):
    input_class = AssignInput

    def apply(self, request, incident, data):
        handler = None
        if data["handler"] is not None:
            handler = selectors.handlers_for(incident=incident).filter(username=data["handler"]).first()
            if handler is None:
                raise serializers.ValidationError({"handler": ["No safety lead with this username manages this location."]})
        services.incident_assign(incident=incident, by=request.user, handler=handler)


@_triage_schema(TransitionInput, "incidents_transition", "Move the incident along the workflow (see allowed_transitions).")
class TransitionView(_TriageView):
    input_class = TransitionInput
    service_fields = {"status": "to"}

    def apply(self, request, incident, data):
        services.incident_transition(incident=incident, by=request.user, to=data["to"])


@_triage_schema(
    GradingInput, "incidents_grading",
    "Harm grading, PSIRF learning response and Never Event. Duty of Candour is recomputed when harm changes.",
)
class GradingView(_TriageView):
    input_class = GradingInput

    def apply(self, request, incident, data):
        services.incident_update(incident=incident, by=request.user, **data)


@_triage_schema(CandourInput, "incidents_candour", "Record when verbal and written Duty of Candour notifications were given.")
class CandourView(_TriageView):
    input_class = CandourInput
    service_fields = {"candour_verbal_on": "verbal_on", "candour_written_on": "written_on"}

    def apply(self, request, incident, data):
        services.incident_record_candour(incident=incident, by=request.user, **data)


@_triage_schema(DuplicateInput, "incidents_duplicate", "Record this report as a duplicate of another, or clear the link with null.")
class DuplicateView(_TriageView):
    input_class = DuplicateInput

    def apply(self, request, incident, data):
        original = None
        reference = (data["duplicate_of"] or "").strip().upper()
        if reference:
            try:
                original = selectors.incident_get(user=request.user, reference=reference)
            except Http404:
                raise serializers.ValidationError({"duplicate_of": ["No incident with that reference in your scope."]}) from None
        services.incident_link_duplicate(incident=incident, by=request.user, original=original)


class ActionCollectionView(APIView):
    token_scope = scopes.TRIAGE
    @extend_schema(
        operation_id="incidents_actions_create",
        request=ActionInput,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses=with_errors({201: ActionOut}, *TRIAGE_ERRORS, 422),
        description="Add an improvement action with an owner and a due date.",
    )
    def post(self, request, reference: str):
        incident = managed_incident(request, reference)
        return idempotent(request, lambda: self._add(request, incident))

    def _add(self, request, incident: Incident) -> Response:
        data = _validated(ActionInput, request)
        action = services.action_add(incident=incident, by=request.user, **data)
        return Response(ActionOut(presenters.action(user=request.user, item=action)).data, status=status.HTTP_201_CREATED)


class ActionDetailView(APIView):
    token_scope = scopes.TRIAGE
    @extend_schema(
        operation_id="incidents_actions_set_state",
        request=ActionStateInput,
        responses=with_errors({200: ActionOut}, *TRIAGE_ERRORS),
        description="Change an action's state (open, in progress, done, cancelled).",
    )
    def patch(self, request, reference: str, action_id: int):
        incident = managed_incident(request, reference)
        action = get_object_or_404(IncidentAction, pk=action_id, incident=incident)
        data = _validated(ActionStateInput, request)
        action = services.action_set_state(action=action, by=request.user, state=data["state"])
        return Response(ActionOut(presenters.action(user=request.user, item=action)).data)


class FeedbackView(APIView):
    token_scope = scopes.TRIAGE
    @extend_schema(
        operation_id="incidents_feedback_create",
        request=FeedbackInput,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses=with_errors({201: FeedbackOut}, *TRIAGE_ERRORS, 422),
        description="Send feedback to the reporter (named reporters see it in their reports; anonymous ones with their code).",
    )
    def post(self, request, reference: str):
        incident = managed_incident(request, reference)
        return idempotent(request, lambda: self._send(request, incident))

    def _send(self, request, incident: Incident) -> Response:
        data = _validated(FeedbackInput, request)
        feedback = services.feedback_send(incident=incident, by=request.user, message=data["message"])
        body = {
            "id": feedback.pk,
            "message": feedback.message,
            "author": request.user.get_full_name() or request.user.username,
            "created_at": feedback.created_at,
        }
        return Response(FeedbackOut(body).data, status=status.HTTP_201_CREATED)


class HandlersView(APIView):
    token_scope = scopes.TRIAGE
    @extend_schema(
        operation_id="incidents_handlers",
        responses=with_errors({200: HandlerOut(many=True)}, 401, 404),
        description="Safety leads who could be assigned this incident.",
    )
    def get(self, request, reference: str):
        incident = selectors.incident_get(user=request.user, reference=reference)
        people = [presenters.person(u) for u in selectors.handlers_for(incident=incident)]
        return Response(HandlerOut(people, many=True).data)
