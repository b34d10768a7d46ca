"""API tokens in the admin: issue one (its key is shown once), see when each was last used, revoke."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone

from . import scopes
from .models import ApiToken


class IssueTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=list(scopes.SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=list(scopes.ALL),
        help_text="What the token may do. The account's role still limits what it can reach.",
    )

    class Meta:
        model = ApiToken
        fields = ["name", "user", "scopes", "expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope_list", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    actions = ["revoke"]
    form = IssueTokenForm

    @admin.display(description="scopes")
    def scope_list(self, obj: ApiToken) -> str:
        return ", ".join(obj.scopes)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ApiToken._meta.fields] if obj else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        token, key = ApiToken.objects.issue(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data.get("expires_at"),
        )
        obj.pk, obj._issued_key = token.pk, key

    def save_related(self, request, form, formsets, change):
        pass  # the token has no related rows; issue() saved it

    def response_add(self, request, obj, post_url_continue=None):
        """Show the key once, on its own page; it is never stored or shown again."""
        context = {**self.admin_site.each_context(request), "token": ApiToken.objects.get(pk=obj.pk), "key": obj._issued_key,
                   "opts": self.model._meta, "title": "API token issued"}
        return TemplateResponse(request, "admin/api/apitoken/issued.html", context)

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} token(s).", messages.SUCCESS)
