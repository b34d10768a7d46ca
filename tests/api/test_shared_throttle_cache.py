"""Throttle counts in a cache that every server process shares (CACHE_URL), and the URL that chooses it."""
import os

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from api.throttling import AnonymousSubmissionThrottle, FollowUpThrottle
from config.env import cache_from_url
from incidents.models import Incident

from .conftest import assert_error, report_body

pytestmark = pytest.mark.django_db

# Database 15 of the local Redis, which this test empties; point it elsewhere with VIGIL_TEST_REDIS_URL.
REDIS_URL = os.environ.get("VIGIL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_cache_url_chooses_the_backend():
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    shared = cache_from_url("rediss://:secret@cache.internal:6380/2")
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "rediss://:secret@cache.internal:6380/2"
    with pytest.raises(ImproperlyConfigured, match="memcached://"):
        cache_from_url("memcached://127.0.0.1:11211")


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}); set VIGIL_TEST_REDIS_URL to run this test")
    config = cache_from_url(REDIS_URL)
    with override_settings(CACHES={"default": config}):
        from django.core.cache import cache

        cache.clear()
        yield config
        cache.clear()


def test_anonymous_budget_is_shared_by_every_server_process(redis_cache, ward, rates):
    rates(anonymous_submission="2/minute")
    client = APIClient()
    for _ in range(2):
        assert client.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    # A second server process has its own connection and no memory of these requests: it reads the count from Redis.
    other_process = AnonymousSubmissionThrottle()
    other_process.cache = RedisCache(redis_cache["LOCATION"], {"KEY_PREFIX": redis_cache["KEY_PREFIX"]})
    request = RequestFactory().post("/api/v1/incidents/", REMOTE_ADDR="127.0.0.1")
    request.user = AnonymousUser()
    assert other_process.allow_request(request, None) is False
    assert_error(client.post("/api/v1/incidents/", report_body(ward), format="json"), 429, "throttled")
    assert Incident.objects.count() == 2


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_budget_slides_over_the_window_boundary_and_refusals_do_not_use_it(rates):
    """10/minute: the previous minute's requests weigh by the share of it still inside the last minute."""
    rates(follow_up="10/minute")
    request = RequestFactory().post("/api/v1/follow-up/", REMOTE_ADDR="10.0.0.9")
    clock = Clock(6_000_000.0)  # the start of a minute
    throttle = FollowUpThrottle()
    throttle.timer = clock
    assert all(throttle.allow_request(request, None) for _ in range(10))
    for _ in range(5):
        assert not throttle.allow_request(request, None), "over budget within the minute"
    assert throttle.wait() == 60
    clock.now += 60 + 15  # a quarter into the next minute: 10 x 0.75 = 7.5 of the budget still used
    assert [throttle.allow_request(request, None) for _ in range(3)] == [True, True, False]
    clock.now += 30  # three quarters in: 10 x 0.25 + 2 = 4.5 used
    assert [throttle.allow_request(request, None) for _ in range(6)] == [True] * 5 + [False]
    clock.now += 60 * 3  # long quiet: the whole budget again
    assert all(throttle.allow_request(request, None) for _ in range(10))
    assert not throttle.allow_request(request, None)


def test_an_unreachable_cache_lets_reports_through_and_says_so(ward, rates, caplog):
    rates(anonymous_submission="1/minute")
    with override_settings(CACHES={"default": cache_from_url("redis://127.0.0.1:1/0")}):  # nothing listens on port 1
        client = APIClient()
        for _ in range(3):
            assert client.post("/api/v1/incidents/", report_body(ward), format="json").status_code == 201
    assert Incident.objects.count() == 3
    assert "Throttle anonymous_submission not applied: the cache is unavailable." in caplog.text
