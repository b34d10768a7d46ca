"""Liveness and readiness for load balancers and orchestrators.

`/health/live` answers as long as the process serves requests. `/health/ready` checks what a request
needs: the database, and each check named in settings.HEALTH_CHECKS (search backend, task queue).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_task_queue() -> dict:
    """Queue depth of the database task worker; in-process backends have no queue."""
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1], "queued": 0}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
    limit = settings.HEALTH_MAX_QUEUE_DEPTH
    return {"ok": queued <= limit, "backend": "database", "queued": queued, "failed": failed, "max_queued": limit}


def _run(name: str, check: Callable[[], dict]) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a failing dependency is reported, not raised
        logger.warning("readiness check %s failed: %s", name, exc.__class__.__name__)
        result = {"ok": False, "error": exc.__class__.__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = {"database": _run("database", check_database)}
    for name, path in settings.HEALTH_CHECKS.items():
        checks[name] = _run(name, import_string(path))
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)
