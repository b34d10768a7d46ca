"""Trends: quality goals with their SPC judgement, measure series, and the SPC engine for any series."""
from __future__ import annotations

import dataclasses
import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from learning import measures, spc, trends
from learning.trend_models import QualityGoal

from .. import scopes
from ..permissions import CanBrowseIncidents
from ..schema import with_errors
from ..serializers.trends import GoalDetailOut, GoalOut, MeasureFilters, MeasureOut, SpcInput, SpcOut


def _spc_dict(result: spc.SPCResult | None) -> dict | None:
    return dataclasses.asdict(result) if result else None


def _goal(result: trends.GoalResult, *, detail: bool = False) -> dict:
    goal = result.goal
    data = {
        "id": goal.pk,
        "name": goal.name,
        "measure": goal.measure,
        "themes": [t.slug for t in goal.themes.all()],
        "better": goal.better,
        "target": float(goal.target) if goal.target is not None else None,
        "target_date": goal.target_date,
        "owner": goal.owner,
        "committee": goal.committee,
        "variation": result.result.variation if result.result else None,
        "assurance": result.result.assurance if result.result else None,
        "latest_value": result.latest_value,
        "error": result.error,
    }
    if detail:
        data["spc"] = _spc_dict(result.result)
        data["signals"] = result.signals
    return data


def _goals():
    return QualityGoal.objects.filter(active=True).prefetch_related("themes", "sites", "directorates", "locations", "recalculations")


class GoalsView(APIView):
    token_scope = scopes.TRENDS
    permission_classes = [CanBrowseIncidents]

    @extend_schema(operation_id="goals_list", responses=with_errors({200: GoalOut(many=True)}, 401, 403),
                   description="Active quality goals with their latest variation and assurance judgements.")
    def get(self, request):
        return Response(GoalOut([_goal(trends.goal_result(g)) for g in _goals()], many=True).data)


class GoalDetailView(APIView):
    token_scope = scopes.TRENDS
    permission_classes = [CanBrowseIncidents]

    @extend_schema(operation_id="goals_retrieve", responses=with_errors({200: GoalDetailOut}, 401, 403, 404),
                   description="One goal: its SPC chart data and the special-cause signals, each with a search URL for its incidents.")
    def get(self, request, pk: int):
        goal = _goals().filter(pk=pk).first()
        if goal is None:
            raise NotFound("No quality goal with that id.")
        return Response(GoalDetailOut(_goal(trends.goal_result(goal), detail=True)).data)


class MeasureView(APIView):
    token_scope = scopes.TRENDS
    permission_classes = [CanBrowseIncidents]

    @extend_schema(operation_id="measures_counts", parameters=[MeasureFilters], responses=with_errors({200: MeasureOut}, 400, 401, 403),
                   description="Incidents per month or week (by when they happened), filtered, zero-filled, with its SPC judgement.")
    def get(self, request):
        params = MeasureFilters(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        end = p.get("end") or trends.month_end(trends.last_complete_month())
        start = p.get("start") or trends.add_months(end.replace(day=1), -23)
        if start > end:  # only one of them given, the other defaulted
            raise ValidationError({"start": [f"start must be on or before end ({end.isoformat()})."]})
        if (end - start).days > 366 * 20:
            raise ValidationError({"start": ["At most 20 years at a time."]})
        filters = measures.IncidentFilter(
            themes=[p["theme"]] if p.get("theme") else (), harm=p.get("harm"), sites=[p["site"]] if p.get("site") else (),
            directorates=[p["directorate"]] if p.get("directorate") else (), locations=[p["location"]] if p.get("location") else (),
        )
        series = measures.count_series(start=start, end=end, interval=p["interval"], filters=filters)
        try:
            result, error = series.spc(better=p["better"]), None
        except spc.SPCError as exc:
            result, error = None, str(exc)
        return Response(MeasureOut({
            "interval": series.interval, "periods": series.periods, "counts": series.counts,
            "incomplete": series.incomplete, "spc": _spc_dict(result), "spc_error": error,
        }).data)


class SpcView(APIView):
    token_scope = scopes.TRENDS
    permission_classes = [CanBrowseIncidents]

    @extend_schema(operation_id="spc_analyse", request=SpcInput, responses=with_errors({200: SpcOut}, 400, 401, 403),
                   description="Run Vigil's Making Data Count engine on any series, as `manage.py spc` does.")
    def post(self, request):
        data = SpcInput(data=request.data)
        data.is_valid(raise_exception=True)
        options = dict(data.validated_data)
        values = options.pop("values")
        try:
            result = spc.analyse(values, **{k: v for k, v in options.items() if v not in (None, [])})
        except spc.SPCError as exc:
            raise ValidationError({"values": [str(exc)]}) from None
        return Response(SpcOut(dataclasses.asdict(result)).data)
