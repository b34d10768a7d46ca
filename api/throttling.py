"""Request rates. Each rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], set from the environment.

Counts live in Django's default cache: with several server processes, give them a shared one (CACHE_URL, Redis)
or each process counts on its own. If that cache is unreachable, requests go through unthrottled (logged).
"""
from __future__ import annotations

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

logger = logging.getLogger(__name__)


class _SettingsRate(SimpleRateThrottle):
    """A sliding-window counter over the shared cache, with the rate read when asked (a changed setting applies).

    DRF's own throttle keeps every request's timestamp in one cache value, read and rewritten whole on each
    request: with several server processes two requests can read the same list and one write is lost, and at a
    high rate the list is thousands of entries going to and from the cache each time. Here each fixed window of
    the rate's period has one counter, raised with the cache's atomic increment, and the previous window's count
    is weighed by the share of it still inside the last period (the estimate Cloudflare describes for its rate
    limiting, "How we built rate limiting capable of scaling to millions of domains", 2017). A refused request
    is taken off the count, so being refused does not use up the budget.
    """

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        current, previous = f"{self.key}:{window}", f"{self.key}:{window - 1}"
        self.elapsed = self.now - window * self.duration
        try:
            earlier = self.cache.get(previous, 0)
            try:
                count = self.cache.incr(current)
            except ValueError:  # the window's first request: create its counter, unless another process just did
                count = 1 if self.cache.add(current, 1, timeout=2 * self.duration) else self.cache.incr(current)
        except Exception:
            # The cache (Redis) is unreachable: let the request through rather than refuse reports because the
            # rate limiter is down. Logged, so that monitoring sees it; the limit resumes when the cache does.
            logger.warning("Throttle %s not applied: the cache is unavailable.", self.scope, exc_info=True)
            return True
        if earlier * (1 - self.elapsed / self.duration) + count <= self.num_requests:
            return True
        try:
            self.cache.decr(current)
        except Exception:  # expired meanwhile, or the cache went away: the refusal stands either way
            pass
        return False

    def wait(self):
        """Seconds until the current window ends, when the oldest requests start to weigh less."""
        return max(self.duration - self.elapsed, 1)


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
