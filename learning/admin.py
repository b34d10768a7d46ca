"""Admin: the taxonomy is managed here; suggestions, decisions and classification state are read-only."""
from django.contrib import admin

from incidents.admin import ReadOnlyAdmin

from .models import Classification, ConfirmedTheme, Theme, ThemeReview, ThemeSuggestion
from .trend_models import GoalRecalculation, OccupiedBedDays, QualityGoal


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "active")
    list_filter = ("active",)
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # A slug is how models and history refer to a theme: fixed once created. Retire with "active" instead.
        return ("slug",) if obj else ()


@admin.register(ThemeSuggestion)
class ThemeSuggestionAdmin(ReadOnlyAdmin):
    list_display = ("incident", "theme", "score", "assigned", "model_version", "created_at")
    list_filter = ("assigned", "theme", "model_version")
    search_fields = ("incident__reference",)


@admin.register(ConfirmedTheme)
class ConfirmedThemeAdmin(ReadOnlyAdmin):
    list_display = ("incident", "theme", "confirmed_by", "confirmed_at")
    list_filter = ("theme",)
    search_fields = ("incident__reference",)


@admin.register(ThemeReview)
class ThemeReviewAdmin(ReadOnlyAdmin):
    list_display = ("incident", "reviewed_by", "reviewed_at", "confirmed", "added", "removed", "model_version")
    search_fields = ("incident__reference",)


@admin.register(Classification)
class ClassificationAdmin(ReadOnlyAdmin):
    list_display = ("incident", "model_version", "classified_at", "attempts", "last_error")
    list_filter = ("model_version",)
    search_fields = ("incident__reference", "last_error")


class GoalRecalculationInline(admin.TabularInline):
    model = GoalRecalculation
    extra = 0


@admin.register(QualityGoal)
class QualityGoalAdmin(admin.ModelAdmin):
    list_display = ("name", "measure", "better", "target", "target_date", "owner", "committee", "active")
    list_filter = ("measure", "active", "committee")
    search_fields = ("name", "owner")
    filter_horizontal = ("themes", "sites", "directorates", "locations")
    inlines = [GoalRecalculationInline]


@admin.register(OccupiedBedDays)
class OccupiedBedDaysAdmin(admin.ModelAdmin):
    list_display = ("location", "month", "bed_days", "loaded_at")
    list_filter = ("month", "location__directorate__site")
    date_hierarchy = "month"
