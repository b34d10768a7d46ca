"""Web pages for themes. Each view adapts HTTP to a service or selector."""
from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from incidents import access
from incidents import selectors as incident_selectors

from . import selectors, services
from .classifier.model import META_FILE, current_model_dir, model_exists
from .forms import ThemeReviewForm
from .models import Theme


@login_required
@require_POST
def incident_themes(request: HttpRequest, reference: str) -> HttpResponse:
    """Save the themes a safety lead confirms for an incident (404 if out of their scope)."""
    incident = incident_selectors.incident_get(user=request.user, reference=reference)
    if not access.can_manage(request.user, incident):
        raise PermissionDenied("Your role can read this incident but not change its themes.")
    form = ThemeReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose themes from the list. " + " ".join(form.errors.get("themes", [])))
        return redirect("incident_detail", reference=incident.reference)
    review = services.themes_confirm(incident=incident, by=request.user, themes=form.cleaned_data["themes"])
    names = ", ".join(t.name for t in form.cleaned_data["themes"]) or "no theme applies"
    messages.success(request, f"Themes saved: {names}.")
    if review.added or review.removed:
        messages.info(request, "Your correction will be used the next time the classifier is trained.")
    return redirect("incident_detail", reference=incident.reference)


@login_required
def theme_overview(request: HttpRequest) -> HttpResponse:
    """Confirmed incidents per theme, in the user's scope."""
    if not access.can_browse_all(request.user):
        raise PermissionDenied("Only safety leads and governance can see theme counts.")
    all_time = selectors.theme_counts(user=request.user)
    recent = {r["theme"].slug: r["count"] for r in selectors.theme_counts(user=request.user, since=timezone.now() - dt.timedelta(days=365))}
    rows = [{**row, "recent": recent.get(row["theme"].slug, 0)} for row in all_time]
    context = {"rows": rows, "scoped": access.is_handler(request.user), "model": _model_summary(), "stats": selectors.review_stats()}
    return render(request, "learning/theme_overview.html", context)


def _model_summary() -> dict | None:
    if not model_exists():
        return None
    directory = current_model_dir()
    meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
    metrics_path = directory / "metrics.json"
    test = json.loads(metrics_path.read_text(encoding="utf-8")).get("test", {}) if metrics_path.exists() else {}
    return {
        "version": meta["version"],
        "created_at": meta.get("created_at", ""),
        "test_macro_f1": test.get("spacy", {}).get("macro_f1"),
        "baseline_macro_f1": test.get("baseline", {}).get("macro_f1"),
    }


def themes_panel_context(request: HttpRequest, incident) -> dict | None:
    """The incident page's themes panel (registered in LearningConfig.ready)."""
    if not access.can_browse_all(request.user):
        return None
    panel = selectors.themes_panel(incident=incident)
    can_manage = access.can_manage(request.user, incident)
    return {
        "incident": incident,
        "themes": panel,
        "can_manage": can_manage,
        "all_themes": list(Theme.objects.filter(active=True)) if can_manage else [],
        "ticked": set(panel.initial_slugs),
    }
