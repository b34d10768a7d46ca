"""System checks: a mistyped throttle rate in the environment fails at start-up, not on the first request."""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

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
