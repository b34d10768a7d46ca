"""System checks: a mistyped throttle rate in the environment fails at start-up, not on the first request, and a
production server whose throttle counts would be kept per process says so."""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Warning, register

_PERIODS = {"s", "m", "h", "d"}
_ENV_NAMES = {
    "anonymous_submission": "VIGIL_API_ANONYMOUS_SUBMISSION_RATE",
    "follow_up": "VIGIL_API_FOLLOW_UP_RATE",
    "token": "VIGIL_API_TOKEN_RATE",
}


def rate_problem(rate) -> str | None:
    """What is wrong with a throttle rate such as "60/hour", or None if it is usable."""
    if rate is None:
        return None
    number, _, period = str(rate).partition("/")
    if not number.isdigit() or int(number) < 1 or not period or period[0] not in _PERIODS:
        return f"{rate!r} is not a rate; write it as a whole number, a slash and second, minute, hour or day."
    return None


@register()
def check_throttle_rates(app_configs, **kwargs):
    rates = getattr(settings, "REST_FRAMEWORK", {}).get("DEFAULT_THROTTLE_RATES", {})
    errors = []
    for scope, env_name in _ENV_NAMES.items():
        if scope not in rates:
            errors.append(Error(f"REST_FRAMEWORK has no throttle rate for {scope!r}.", id="api.E001"))
        elif problem := rate_problem(rates[scope]):
            errors.append(Error(f"Throttle rate {scope!r}: {problem}", hint=f"Fix {env_name}.", id="api.E002"))
    return errors


@register(deploy=True)
def check_throttle_cache(app_configs, **kwargs):
    """Throttle counts live in the default cache; a per-process cache multiplies every budget by the number of
    server processes (gunicorn runs 2 x cores + 1), so an anonymous caller gets that many times its rate."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "API throttle counts are kept in each server process's memory, so every budget is multiplied by the "
                "number of processes.",
                hint="Set CACHE_URL to a Redis server shared by the processes, e.g. redis://127.0.0.1:6379/0.",
                id="api.W001",
            )
        ]
    return []
