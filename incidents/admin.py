from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import AuditEntry, Directorate, Incident, Location, Site, Specialty, StaffProfile

User = get_user_model()


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["name", "site"]
    list_filter = ["site"]
    search_fields = ["name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "directorate", "active"]
    list_filter = ["kind", "active", "directorate__site"]
    search_fields = ["name"]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "active"]
    search_fields = ["name"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    filter_horizontal = ["sites", "directorates"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that change only through audited services, or never: viewable, not editable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class VigilUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "role", "is_active"]

    @admin.display(description="Vigil role")
    def role(self, obj):
        profile = getattr(obj, "vigil_profile", None)
        return profile.get_role_display() if profile else "-"


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    """Read-only in the admin: incidents change only through the audited services."""

    list_display = ["reference", "event_type", "status", "physical_harm", "location", "reported_at"]
    list_filter = ["status", "event_type", "physical_harm"]
    search_fields = ["reference"]
    exclude = ["narrative", "immediate_actions", "medicines", "devices"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "incident", "action", "actor"]
    list_filter = ["action"]
