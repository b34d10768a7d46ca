"""Writes for themes: classifying incidents (with failures recorded for retry) and safety leads' decisions."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from incidents import access
from incidents import services as incident_services
from incidents.models import Incident

from .classifier.model import ModelNotTrained, Prediction, ThemeModel, get_model
from .models import Classification, ConfirmedTheme, Theme, ThemeReview, ThemeSuggestion

logger = logging.getLogger(__name__)
ERROR_LIMIT = 2000


def _floor() -> float:
    return float(settings.LEARNING.get("SUGGESTION_FLOOR", 0.1))


@transaction.atomic
def _store(incident_id: int, prediction: Prediction, model: ThemeModel, themes: dict[str, Theme]) -> Classification:
    now = timezone.now()
    ThemeSuggestion.objects.filter(incident_id=incident_id).delete()
    floor = _floor()
    ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(
            incident_id=incident_id,
            theme=themes[slug],
            score=min(max(score, 0.0), 1.0),
            assigned=slug in prediction.assigned,
            model_version=model.version,
            created_at=now,
        )
        for slug, score in prediction.scores.items()
        if slug in themes and (score >= floor or slug in prediction.assigned)
    )
    classification, _ = Classification.objects.select_for_update().get_or_create(incident_id=incident_id)
    classification.model_version = model.version
    classification.classified_at = now
    classification.attempts = F("attempts") + 1
    classification.last_error = ""
    classification.save()
    classification.refresh_from_db()
    return classification


def record_failure(*, incident_id: int, error: BaseException | str) -> Classification:
    """Note that classifying this incident failed, so that `themes_backfill` tries again."""
    message = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    classification, _ = Classification.objects.get_or_create(incident_id=incident_id)
    Classification.objects.filter(pk=classification.pk).update(attempts=F("attempts") + 1, last_error=message[:ERROR_LIMIT])
    classification.refresh_from_db()
    return classification


def classify_incidents(*, incident_ids: Sequence[int], model: ThemeModel | None = None) -> int:
    """Classify these incidents with the model in use and store the suggestions. Raises on failure.

    Returns how many were classified (ids of incidents that no longer exist are skipped).
    """
    model = model or get_model()
    themes = {t.slug: t for t in Theme.objects.filter(active=True)}
    rows = list(Incident.objects.filter(pk__in=incident_ids).values_list("pk", "narrative"))
    predictions = model.predict([narrative for _, narrative in rows])
    for (pk, _), prediction in zip(rows, predictions):
        _store(pk, prediction, model, themes)
    return len(rows)


def classify_incident_safely(*, incident_id: int) -> dict:
    """Classify one incident; never raises. A failure is logged and recorded on its Classification.

    This is what the background task runs: the report is already saved, and nothing about the classifier
    may reach the person who sent it.
    """
    try:
        classify_incidents(incident_ids=[incident_id])
    except ModelNotTrained as exc:
        logger.warning("Incident %s not classified: %s", incident_id, exc)
        _record_quietly(incident_id, exc)
        return {"incident_id": incident_id, "classified": False, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - any classifier fault is recorded and retried, never raised
        logger.exception("Classifying incident %s failed; it will be retried by themes_backfill", incident_id)
        _record_quietly(incident_id, exc)
        return {"incident_id": incident_id, "classified": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"incident_id": incident_id, "classified": True, "error": ""}


def _record_quietly(incident_id: int, exc: BaseException) -> None:
    try:
        record_failure(incident_id=incident_id, error=exc)
    except Exception:  # noqa: BLE001 - e.g. the database is down too; the backfill finds it unclassified
        logger.exception("Could not record the classification failure of incident %s", incident_id)


def pending_classification_q(*, max_attempts: int | None = None) -> Q:
    """Incidents with no classification, or whose last attempt failed and may be retried."""
    max_attempts = max_attempts if max_attempts is not None else settings.LEARNING.get("MAX_ATTEMPTS", 5)
    return Q(classification__isnull=True) | (
        ~Q(classification__last_error="") & Q(classification__attempts__lt=max_attempts)
    )


@dataclass(frozen=True)
class BackfillResult:
    classified: int
    failed: int
    remaining: int


def classify_pending(*, limit: int | None = None, batch_size: int = 200, reclassify_older: bool = False,
                     max_attempts: int | None = None) -> BackfillResult:
    """Classify incidents lacking a classification and retry failed ones, in batches.

    With `reclassify_older`, incidents classified by another model version are done again too. A batch that
    fails is retried one incident at a time so that one bad record cannot hold back the others.
    """
    model = get_model()
    query = pending_classification_q(max_attempts=max_attempts)
    if reclassify_older:
        query |= Q(classification__isnull=False) & ~Q(classification__model_version=model.version)
    ids = list(Incident.objects.filter(query).order_by("pk").values_list("pk", flat=True).distinct())
    if limit is not None:
        ids = ids[:limit]
    classified = failed = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        try:
            classified += classify_incidents(incident_ids=batch, model=model)
        except Exception:  # noqa: BLE001
            logger.exception("A batch of %s incidents failed; retrying them one by one", len(batch))
            for incident_id in batch:
                result = classify_incident_safely(incident_id=incident_id)
                classified += result["classified"]
                failed += not result["classified"]
    remaining = Incident.objects.filter(pending_classification_q(max_attempts=max_attempts)).count()
    return BackfillResult(classified=classified, failed=failed, remaining=remaining)


@transaction.atomic
def themes_confirm(*, incident: Incident, by, themes: Iterable[Theme]) -> ThemeReview:
    """Record a safety lead's themes for an incident: confirmed themes become exactly `themes`.

    Only someone who manages the incident may do this (PermissionDenied otherwise). Every decision is kept
    as a ThemeReview with who, when, what the model had suggested and what was added or removed.
    """
    if not access.can_manage(by, incident):
        raise PermissionDenied("You do not manage incidents at this location.")
    chosen = {t.slug: t for t in themes}
    existing = {c.theme.slug: c for c in ConfirmedTheme.objects.select_related("theme").filter(incident=incident)}
    suggestions = list(ThemeSuggestion.objects.select_related("theme").filter(incident=incident, assigned=True))
    suggested = sorted(s.theme.slug for s in suggestions)
    now = timezone.now()
    for slug, confirmation in existing.items():
        if slug not in chosen:
            confirmation.delete()
    ConfirmedTheme.objects.bulk_create(
        ConfirmedTheme(incident=incident, theme=theme, confirmed_by=by, confirmed_at=now)
        for slug, theme in chosen.items()
        if slug not in existing
    )
    incident_services.record_themes_confirmed(
        incident=incident, by=by, confirmed=sorted(chosen),
        added=sorted(set(chosen) - set(suggested)), removed=sorted(set(suggested) - set(chosen)),
    )
    return ThemeReview.objects.create(
        incident=incident,
        reviewed_by=by,
        reviewed_at=now,
        model_version=suggestions[0].model_version if suggestions else _classified_by(incident),
        confirmed=sorted(chosen),
        suggested=suggested,
        added=sorted(set(chosen) - set(suggested)),
        removed=sorted(set(suggested) - set(chosen)),
    )


def _classified_by(incident: Incident) -> str:
    return Classification.objects.filter(incident=incident).values_list("model_version", flat=True).first() or ""
