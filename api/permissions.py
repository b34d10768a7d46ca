"""Who may call which endpoint. The rules themselves live in incidents.access; these only ask it."""
from __future__ import annotations

from rest_framework.permissions import BasePermission

from incidents import access


class CanBrowseIncidents(BasePermission):
    """Safety leads, governance and administrators look across incidents; reporters see only their own."""

    message = "Only safety leads, governance and administrators can browse incidents. Your own reports are at /api/v1/me/reports/."

    def has_permission(self, request, view) -> bool:
        return access.can_browse_all(request.user)
