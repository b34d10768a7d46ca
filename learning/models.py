"""Themes: the trust's taxonomy, the classifier's suggestions and the safety leads' confirmed themes."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from incidents.models import Incident


class Theme(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    definition = models.TextField(help_text="What belongs here, as a safety lead would use it.")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ThemeSuggestion(models.Model):
    """A theme the classifier suggested for an incident, with its score and the model that made it."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="theme_suggestions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="suggestions")
    score = models.FloatField()
    # True when the score reached the theme's threshold, tuned for this model version on the development split.
    assigned = models.BooleanField(default=False)
    model_version = models.CharField(max_length=60)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "theme"], name="one_suggestion_per_theme"),
            models.CheckConstraint(condition=models.Q(score__gte=0) & models.Q(score__lte=1), name="score_is_probability"),
        ]


class ConfirmedTheme(models.Model):
    """A theme a safety lead confirmed (or added) for an incident. Search, trends and training use these."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="confirmed_themes")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="confirmations")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident", "theme"], name="one_confirmation_per_theme")]


class Classification(models.Model):
    """Whether an incident has been classified, by which model, and any failure to retry."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="classification")
    model_version = models.CharField(max_length=60, blank=True)
    classified_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["classified_at"])]


class ThemeReview(models.Model):
    """A safety lead's decision on an incident's themes: what they confirmed, against what was suggested.

    Append-only, like the incident audit trail: the latest review is the current decision, earlier ones are
    history. `added` are themes confirmed that the model did not suggest; `removed` are suggestions rejected.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="theme_reviews")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    model_version = models.CharField(max_length=60, blank=True, help_text="The model whose suggestions were shown.")
    confirmed = models.JSONField(default=list, help_text="Theme slugs confirmed.")
    suggested = models.JSONField(default=list, help_text="Theme slugs the model had assigned.")
    added = models.JSONField(default=list)
    removed = models.JSONField(default=list)

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Theme reviews are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Theme reviews are append-only and cannot be deleted.")


from .trend_models import (  # noqa: E402,F401
    GoalRecalculation,
    MonthlyIncidentSummary,
    OccupiedBedDays,
    QualityGoal,
    SummarisedMonth,
    SummaryStaleMonth,
)
