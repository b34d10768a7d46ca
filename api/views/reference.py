"""Reference data for clients: where incidents happen, specialties and themes; and a ping."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from incidents import selectors
from incidents.models import Specialty
from learning.models import Theme

from .. import presenters
from ..schema import with_errors
from ..serializers.incidents import LocationOut
from ..serializers.reference import PingOut, SpecialtyOut, ThemeOut

PUBLIC = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


class LocationsView(APIView):
    token_scope = None  # any token: reference data a report needs
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="locations_list",
        responses=with_errors({200: LocationOut(many=True)}),
        auth=PUBLIC,
        description="Active wards, departments and community teams: the `location` ids a report takes.",
    )
    def get(self, request):
        return Response(LocationOut([presenters.location(loc) for loc in selectors.active_locations()], many=True).data)


class SpecialtiesView(APIView):
    token_scope = None
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="specialties_list",
        responses=with_errors({200: SpecialtyOut(many=True)}),
        auth=PUBLIC,
        description="Active specialties: the `specialty` ids a report takes.",
    )
    def get(self, request):
        return Response(SpecialtyOut(Specialty.objects.filter(active=True).values("id", "name"), many=True).data)


class ThemesView(APIView):
    token_scope = None
    @extend_schema(
        operation_id="themes_list",
        responses=with_errors({200: ThemeOut(many=True)}, 401),
        description="The trust's theme taxonomy; filter incidents by a confirmed theme with ?theme=<slug>.",
    )
    def get(self, request):
        return Response(ThemeOut(Theme.objects.order_by("name"), many=True).data)


class PingView(APIView):
    token_scope = None
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="ping",
        responses=with_errors({200: PingOut}),
        auth=[{}],
        description="Answers without touching the database: for clients and benchmarks to check they reach the API.",
    )
    def get(self, request):
        return Response({"status": "ok"})
