"""The "similar incidents" block on the incident page, registered through incidents.extensions."""
from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied

from incidents import access
from incidents.extensions import DetailPanel

log = logging.getLogger(__name__)


def _similar_context(request, incident) -> dict | None:
    if not access.can_browse_all(request.user):
        return None
    from .services import similar_incidents

    try:
        results = similar_incidents(user=request.user, reference=incident.reference, limit=5)
    except PermissionDenied:
        return None
    except Exception:  # a secondary panel must never break the incident page
        log.exception("similar incidents panel failed for %s", incident.reference)
        return None
    return {"results": results, "reference": incident.reference}


similar_panel = DetailPanel(template="search/_similar_panel.html", context=_similar_context, order=50)
