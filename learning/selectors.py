"""Reads for themes: what the incident page shows, what training learns from, what trends count.

Confirmed themes (a safety lead's decision) are the ones counted anywhere a number is reported; suggestions
are only ever shown as suggestions, with their confidence, beside the incident they belong to.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from incidents import access
from incidents.models import Incident

from .classifier.corpus import Example
from .models import Classification, ConfirmedTheme, Theme, ThemeReview, ThemeSuggestion


@dataclass(frozen=True)
class SuggestionView:
    theme: Theme
    score: float
    percent: int
    assigned: bool
    confirmed: bool


@dataclass(frozen=True)
class ThemesPanel:
    """Everything the themes panel on an incident page needs."""

    suggestions: list[SuggestionView]
    confirmed: list[Theme]
    latest_review: ThemeReview | None
    classification: Classification | None
    model_version: str

    @property
    def status(self) -> str:
        """"classified", "failed", or "pending" (not classified yet)."""
        c = self.classification
        if c is None:
            return "pending"
        if c.last_error and c.classified_at is None:
            return "failed"
        return "classified" if c.classified_at else "pending"

    @property
    def initial_slugs(self) -> list[str]:
        """Boxes ticked when the form opens: the decision so far, else the classifier's assigned themes."""
        if self.latest_review is not None or self.confirmed:
            return [t.slug for t in self.confirmed]
        return [s.theme.slug for s in self.suggestions if s.assigned]


def themes_panel(*, incident: Incident) -> ThemesPanel:
    confirmed = [c.theme for c in ConfirmedTheme.objects.select_related("theme").filter(incident=incident).order_by("theme__name")]
    confirmed_slugs = {t.slug for t in confirmed}
    suggestions = [
        SuggestionView(
            theme=s.theme,
            score=s.score,
            percent=round(s.score * 100),
            assigned=s.assigned,
            confirmed=s.theme.slug in confirmed_slugs,
        )
        for s in ThemeSuggestion.objects.select_related("theme").filter(incident=incident, theme__active=True).order_by("-score")
    ]
    classification = Classification.objects.filter(incident=incident).first()
    return ThemesPanel(
        suggestions=suggestions,
        confirmed=confirmed,
        latest_review=ThemeReview.objects.select_related("reviewed_by").filter(incident=incident).first(),
        classification=classification,
        model_version=classification.model_version if classification else "",
    )


def confirmed_examples() -> list[Example]:
    """Incidents whose themes a person decided, as training examples (source "incident:REF").

    An incident counts if it has confirmed themes or a review (a review with nothing ticked says that no
    theme applies, which is a useful example too).
    """
    incidents = (
        Incident.objects.filter(Q(confirmed_themes__isnull=False) | Q(theme_reviews__isnull=False))
        .distinct()
        .prefetch_related(Prefetch("confirmed_themes", queryset=ConfirmedTheme.objects.select_related("theme")))
        .only("pk", "reference", "narrative")
        .order_by("pk")
    )
    return [
        Example(
            text=i.narrative,
            themes=tuple(sorted(c.theme.slug for c in i.confirmed_themes.all())),
            source=f"incident:{i.reference}",
            split="train",
        )
        for i in incidents
    ]


def incidents_with_theme(queryset: QuerySet[Incident], theme: Theme) -> QuerySet[Incident]:
    """Narrow incidents to those with this confirmed theme (the triage-queue filter)."""
    return queryset.filter(confirmed_themes__theme=theme)


def theme_counts(*, user, since: dt.datetime | None = None) -> list[dict]:
    """Confirmed incidents per active theme among the incidents this user may browse, most first."""
    incidents = access.scope_incidents(user, Incident.objects.all())
    if since is not None:
        incidents = incidents.filter(reported_at__gte=since)
    rows = (
        ConfirmedTheme.objects.filter(incident__in=incidents.values("pk"), theme__active=True)
        .values("theme__slug", "theme__name")
        .annotate(n=Count("incident", distinct=True))
    )
    counts = {r["theme__slug"]: r["n"] for r in rows}
    themes = Theme.objects.filter(active=True)
    return sorted(
        ({"theme": t, "count": counts.get(t.slug, 0)} for t in themes),
        key=lambda row: (-row["count"], row["theme"].name),
    )


def review_stats() -> dict:
    """How often safety leads agreed with the classifier: reviews, and themes added or removed."""
    reviews = list(ThemeReview.objects.values("incident_id", "added", "removed", "suggested"))
    latest: dict[int, dict] = {}
    for r in reviews:  # ordered newest first
        latest.setdefault(r["incident_id"], r)
    decided = list(latest.values())
    return {
        "incidents_reviewed": len(decided),
        "accepted_as_suggested": sum(1 for r in decided if not r["added"] and not r["removed"]),
        "themes_added": sum(len(r["added"]) for r in decided),
        "themes_removed": sum(len(r["removed"]) for r in decided),
    }
