"""Load mix for bench/load_test.py: staff reporting, safety leads triaging, governance searching.

Each simulated user holds an API token for its role (passed in through the environment by the runner).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random

from locust import HttpUser, between, events, task

LOCATIONS = [int(x) for x in os.environ["VIGIL_LOAD_LOCATIONS"].split(",")]
TOKENS = json.loads(os.environ["VIGIL_LOAD_TOKENS"])
NARRATIVES = json.loads(open(os.environ["VIGIL_LOAD_NARRATIVES"], encoding="utf-8").read())
QUERIES = ["fall", "insulin omitted", '"pressure ulcer"', "theme:medication harm:moderate", "sepsis NEWS2", "handover", "wristband -label"]

submitted_ok: list[str] = []


class Reporter(HttpUser):
    weight = 5
    wait_time = between(1, 3)

    @task
    def report(self):
        body = {
            "event_type": random.choice(["incident", "incident", "incident", "near_miss"]),
            "occurred_at": (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=random.randint(1, 48))).isoformat(),
            "location": random.choice(LOCATIONS),
            "narrative": random.choice(NARRATIVES),
            "affected": "patient",
            "physical_harm": "none",
            "psychological_harm": "none",
        }
        anonymous = random.random() < 0.3
        headers = {} if anonymous else {"Authorization": f"Token {TOKENS['reporter']}"}
        headers["Idempotency-Key"] = f"load-{random.getrandbits(96):x}"
        with self.client.post("/api/v1/incidents/", json=body, headers=headers, name="report", catch_response=True) as r:
            if r.status_code == 201:
                submitted_ok.append(r.json()["reference"])
                r.success()
            else:
                r.failure(f"{r.status_code}: {r.text[:200]}")


class Handler(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {TOKENS['handler']}"

    @task(3)
    def queue(self):
        self.client.get("/api/v1/incidents/?status=reported", name="triage queue")

    @task(2)
    def triage_one(self):
        r = self.client.get("/api/v1/incidents/?status=reported", name="triage queue")
        if r.status_code != 200 or not r.json().get("results"):
            return
        ref = random.choice(r.json()["results"])["reference"]
        with self.client.post(f"/api/v1/incidents/{ref}/status/", json={"to": "in_triage"}, name="triage: status", catch_response=True) as resp:
            # Another handler may have moved it first: a clear 400/409 is correct behaviour, not an error.
            if resp.status_code in (200, 400, 409):
                resp.success()
        self.client.post(f"/api/v1/incidents/{ref}/feedback/", json={"message": "Thank you, this is being reviewed."}, name="triage: feedback")


class Governance(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        self.client.headers["Authorization"] = f"Token {TOKENS['governance']}"

    @task
    def search(self):
        self.client.get("/api/v1/search/", params={"q": random.choice(QUERIES)}, name="search")


@events.test_stop.add_listener
def _write_submitted(environment, **kwargs):
    path = os.environ.get("VIGIL_LOAD_SUBMITTED")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(submitted_ok, fh)
