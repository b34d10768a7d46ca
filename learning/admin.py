"""Admin: the taxonomy is managed here; suggestions, decisions and classification state are read-only."""
from django.contrib import admin

from .models import Classification, ConfirmedTheme, Theme, ThemeReview, ThemeSuggestion


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "active")
    list_filter = ("active",)
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}

    def get_readonly_fields(self, request, obj=None):
        # A slug is how models and history refer to a theme: fixed once created. Retire with "active" instead.
        return ("slug",) if obj else ()


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
