"""Quality goals and the denominators behind rates. Imported by learning.models."""
from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from incidents.models import Directorate, Location, Site


class OccupiedBedDays(models.Model):
    """Occupied bed days for one ward in one month, uploaded by the trust (CSV)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="bed_days")
    month = models.DateField(help_text="First day of the month.")
    bed_days = models.DecimalField(max_digits=9, decimal_places=1, validators=[MinValueValidator(0)])
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "occupied bed days"
        ordering = ["month", "location"]
        constraints = [
            models.UniqueConstraint(fields=["location", "month"], name="one_bed_days_figure_per_ward_month"),
            models.CheckConstraint(condition=models.Q(bed_days__gte=0), name="bed_days_not_negative"),
        ]


class QualityGoal(models.Model):
    """A trust quality goal: a measure, which direction is better, a target and a date to reach it."""

    class Measure(models.TextChoices):
        COUNT = "count", "Incidents per month"
        RATE = "rate", "Incidents per 1,000 occupied bed days"
        PROPORTION = "proportion", "Share of incidents (numerator harm level)"

    class Better(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    class Harm(models.TextChoices):
        ANY = "", "Any harm"
        MODERATE_AND_ABOVE = "moderate_and_above", "Moderate harm or above"
        PHYSICAL_MODERATE_AND_ABOVE = "physical_moderate_and_above", "Moderate physical harm or above"
        SEVERE_AND_ABOVE = "severe_and_above", "Severe harm or above"
        FATAL = "fatal", "Fatal"

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    measure = models.CharField(max_length=20, choices=Measure.choices, default=Measure.COUNT)
    themes = models.ManyToManyField("learning.Theme", blank=True, related_name="goals")
    harm = models.CharField(max_length=40, choices=Harm.choices, blank=True, help_text="Incidents counted (count and rate).")
    numerator_harm = models.CharField(
        max_length=40, choices=Harm.choices, blank=True, help_text="For a proportion: the harm level counted on top."
    )
    sites = models.ManyToManyField(Site, blank=True, related_name="+")
    directorates = models.ManyToManyField(Directorate, blank=True, related_name="+")
    locations = models.ManyToManyField(Location, blank=True, related_name="+")
    better = models.CharField(max_length=4, choices=Better.choices, default=Better.DOWN)
    target = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True, help_text="When the target should be met.")
    series_start = models.DateField(help_text="First month charted.")
    owner = models.CharField(max_length=150, blank=True)
    committee = models.CharField(max_length=150, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(measure="proportion") | ~models.Q(numerator_harm=""),
                name="proportion_goal_needs_numerator",
                violation_error_message="A proportion goal needs the harm level it counts as its numerator.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GoalRecalculation(models.Model):
    """A new baseline for a goal's chart after a deliberate change (an intervention)."""

    goal = models.ForeignKey(QualityGoal, on_delete=models.CASCADE, related_name="recalculations")
    starts_on = models.DateField(help_text="First month of the new period.")
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["starts_on"]
        constraints = [models.UniqueConstraint(fields=["goal", "starts_on"], name="one_recalculation_per_month")]
