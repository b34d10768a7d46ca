"""Quality goals, the denominators behind rates and the monthly incident summary. Imported by learning.models."""
from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from incidents.models import Directorate, EventType, Location, PhysicalHarm, PsychologicalHarm, Site


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


class MonthlyIncidentSummary(models.Model):
    """How many incidents each month had, by place, confirmed theme, event type, harm and flags: the counts the
    trend measures add up, so a 36-month dashboard reads thousands of rows instead of every incident.

    A row with no theme counts incidents, each once; a row with a theme counts the incidents with that theme
    confirmed (an incident with two themes is in two such rows, and in one row without a theme). Months are
    calendar months in settings.TIME_ZONE by `occurred_at`. Only learning.summary writes these rows, always by
    recomputing a whole month from the incident tables.
    """

    month = models.DateField(help_text="First day of the month.")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("learning.Theme", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event_type = models.CharField(max_length=20, choices=EventType.choices)
    physical_harm = models.CharField(max_length=20, choices=PhysicalHarm.choices)
    psychological_harm = models.CharField(max_length=20, choices=PsychologicalHarm.choices)
    never_event = models.BooleanField()
    duplicate = models.BooleanField(help_text="Linked as a duplicate of another report.")
    incidents = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="summary_month_idx"),
            models.Index(fields=["theme", "month"], name="summary_theme_month_idx"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(incidents__gt=0), name="summary_row_counts_something")]


class SummaryStaleMonth(models.Model):
    """A month whose summary rows may no longer match the incident tables.

    Written in the same transaction as the change that made it stale (learning.receivers), so a committed
    change always leaves one; removed by the rebuild that accounts for it. Measures over a window holding a
    stale month are computed live instead. Insert-only: concurrent writers never wait on each other here.
    """

    month = models.DateField(db_index=True)
    marked_at = models.DateTimeField(default=timezone.now)


class SummarisedMonth(models.Model):
    """When a month's summary was last rebuilt. Its row is locked while the month is rebuilt, so two workers
    never rebuild the same month at once."""

    month = models.DateField(unique=True)
    built_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month"]
