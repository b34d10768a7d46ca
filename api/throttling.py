"""Request rates. Each rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], set from the environment.

Counts live in Django's default cache: with several server processes, give them a shared cache
(e.g. Redis or the database cache) or each process counts on its own.
"""
from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class _SettingsRate(SimpleRateThrottle):
    """Reads its rate when asked, not at import, so that a changed setting takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenClientThrottle(_SettingsRate):
    """Systems calling with an API token: one budget per user, across all endpoints."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousSubmissionThrottle(_SettingsRate):
    """Reports sent without signing in: one budget per client address (see NUM_PROXIES)."""

    scope = "anonymous_submission"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class FollowUpThrottle(_SettingsRate):
    """Follow-up code look-ups, per client address, whoever asks: slows down anyone guessing codes."""

    scope = "follow_up"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
