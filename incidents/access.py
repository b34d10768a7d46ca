"""Who may see and do what. Every view and API endpoint goes through these."""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from .models import Incident, StaffProfile

Role = StaffProfile.Role


def role_of(user) -> str | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "vigil_profile", None)
    return profile.role if profile else Role.REPORTER


def is_handler(user) -> bool:
    return role_of(user) == Role.HANDLER


def is_governance(user) -> bool:
    return role_of(user) == Role.GOVERNANCE


def can_triage(user) -> bool:
    return role_of(user) in {Role.HANDLER, Role.ADMIN}


def can_browse_all(user) -> bool:
    """Roles that look across incidents rather than only at their own reports."""
    return role_of(user) in {Role.HANDLER, Role.ADMIN, Role.GOVERNANCE}


def sees_identifiers(user) -> bool:
    """Patient identifiers and reporter identity: case handlers (in scope) and administrators only."""
    return role_of(user) in {Role.HANDLER, Role.ADMIN}


def scope_filter(user) -> Q:
    """A Q over Incident that selects the incidents a handler manages."""
    profile = user.vigil_profile
    site_ids = list(profile.sites.values_list("id", flat=True))
    directorate_ids = list(profile.directorates.values_list("id", flat=True))
    return Q(location__directorate__site_id__in=site_ids) | Q(location__directorate_id__in=directorate_ids)


def scope_incidents(user, queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    """Restrict a queryset of incidents to those this user may see at all."""
    role = role_of(user)
    if role in {Role.ADMIN, Role.GOVERNANCE}:
        return queryset
    if role == Role.HANDLER:
        return queryset.filter(scope_filter(user))
    return queryset.none()


def can_manage(user, incident: Incident) -> bool:
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role != Role.HANDLER:
        return False
    return Incident.objects.filter(pk=incident.pk).filter(scope_filter(user)).exists()


def can_view(user, incident: Incident) -> bool:
    role = role_of(user)
    if role in {Role.ADMIN, Role.GOVERNANCE}:
        return True
    if role == Role.HANDLER and can_manage(user, incident):
        return True
    return role is not None and incident.reporter_id == user.pk
