"""Two copies of one idempotent submission at once, on a file-based SQLite database.

Run by tests/api/test_idempotency.py in a subprocess with DATABASE_URL pointing at a fresh file: the test
database pytest makes for SQLite lives in memory with shared-cache locking, which cannot show waiting.
Prints one JSON line with what each copy got and what was stored.
"""
import json
import os
import threading
import time
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from api.models import IdempotencyRecord  # noqa: E402
from incidents import services  # noqa: E402
from incidents.models import Directorate, Incident, Location, Site  # noqa: E402


def main() -> None:
    call_command("migrate", verbosity=0)
    site = Site.objects.create(name="Probe site", code="PROBE1")
    ward = Location.objects.create(directorate=Directorate.objects.create(site=site, name="Probe"), name="Ward P")
    body = {
        "event_type": "incident",
        "occurred_at": (timezone.now() - timezone.timedelta(hours=1)).isoformat(),
        "location": ward.pk,
        "narrative": "Probe: two copies of one report sent at once.",
        "affected": "patient",
        "physical_harm": "none",
        "psychological_harm": "none",
    }
    key = str(uuid.uuid4())
    started = threading.Event()
    real = services.incident_submit

    def slow(**kwargs):
        result = real(**kwargs)
        started.set()
        time.sleep(0.5)  # hold the transaction open while the second copy arrives
        return result

    services.incident_submit = slow
    answers = {}

    def call(name, wait):
        try:
            if wait:
                started.wait(10)
            began = time.monotonic()
            response = APIClient().post("/api/v1/incidents/", body, format="json", HTTP_IDEMPOTENCY_KEY=key)
            answers[name] = {
                "status": response.status_code,
                "body": response.json(),
                "replayed": response.get("Idempotent-Replayed"),
                "began": began,
                "ended": time.monotonic(),
            }
        except Exception as exc:
            answers[name] = {"error": repr(exc)}
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=("first", False)), threading.Thread(target=call, args=("second", True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    print(json.dumps({"answers": answers, "incidents": Incident.objects.count(), "records": IdempotencyRecord.objects.count()}))


if __name__ == "__main__":
    main()
