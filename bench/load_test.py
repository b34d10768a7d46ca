"""Load test: 50 concurrent users mixing reporting, triage and search against the production profile.

Runs gunicorn (config.settings.production) and a django-tasks database worker on PostgreSQL, drives them
with locust on loopback for a bounded time, then checks that every accepted report is stored.

    .venv/bin/python bench/load_test.py [--users 50] [--duration 300] [--database vigil_load]

Requires: PostgreSQL on 127.0.0.1:5432 (user postgres), `pip install -r bench/requirements.txt`.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def run(cmd, env, **kw):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kw)


def django(env, code):
    out = run([PY, "manage.py", "shell", "-c", code], env, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds (default 300)")
    parser.add_argument("--database", default="vigil_load")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--workers", type=int, default=5)
    args = parser.parse_args()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_REQUESTS_LEVEL": "WARNING",
        "VIGIL_API_TOKEN_RATE": "100000/minute",
        "VIGIL_API_ANONYMOUS_SUBMISSION_RATE": "100000/hour",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    print(f"Preparing database {args.database} (demo trust)...", flush=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], check=True)
    run([PY, "manage.py", "migrate", "-v0"], env)
    run([PY, "manage.py", "seed_demo"], env, capture_output=True)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    tokens = {
        role: run([PY, "manage.py", "api_token", user], env, capture_output=True, text=True).stdout.strip().split()[-1]
        for role, user in (("reporter", "nurse"), ("handler", "lead.northgate"), ("governance", "governance"))
    }
    locations = django(env, "from incidents.models import Location; print(','.join(str(i) for i in Location.objects.filter(directorate__site__code='RXN01').values_list('id', flat=True)))")
    before = int(django(env, "from incidents.models import Incident; print(Incident.objects.count())"))

    work = Path(tempfile.mkdtemp(prefix="vigil-load-"))
    corpus = [json.loads(line)["text"] for f in sorted((ROOT / "learning" / "corpus").glob("*.jsonl")) for line in f.read_text().splitlines() if line.strip()]
    (work / "narratives.json").write_text(json.dumps(corpus))
    env_load = {
        **env,
        "VIGIL_LOAD_TOKENS": json.dumps(tokens),
        "VIGIL_LOAD_LOCATIONS": locations,
        "VIGIL_LOAD_NARRATIVES": str(work / "narratives.json"),
        "VIGIL_LOAD_SUBMITTED": str(work / "submitted.json"),
    }
    server_log = open(work / "server.log", "w")
    worker_log = open(work / "worker.log", "w")
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=env, start_new_session=True, stdout=server_log, stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen([PY, "manage.py", "db_worker"], cwd=ROOT, env=env, start_new_session=True, stdout=worker_log, stderr=subprocess.STDOUT)
    print(f"server log {work / 'server.log'}, worker log {work / 'worker.log'}", flush=True)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health/live", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        print(f"Running {args.users} users for {args.duration}s...", flush=True)
        run(
            [PY, "-m", "locust", "-f", "bench/load/locustfile.py", "--headless", "-u", str(args.users), "-r", "10",
             "-t", f"{args.duration}s", "--host", f"http://127.0.0.1:{args.port}", "--csv", str(work / "stats"), "--only-summary"],
            env_load, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(3)  # let the worker finish what was queued
    finally:
        for proc in (server, worker):
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)

    after = int(django(env, "from incidents.models import Incident; print(Incident.objects.count())"))
    accepted = json.loads((work / "submitted.json").read_text())
    missing = django(env, f"from incidents.models import Incident; refs={accepted!r}; print(len(set(refs) - set(Incident.objects.filter(reference__in=refs).values_list('reference', flat=True))))")
    print(f"\n{'action':<20} {'requests':>9} {'errors':>7} {'err %':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    with open(work / "stats_stats.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            n, f = int(row["Request Count"]), int(row["Failure Count"])
            print(f"{row['Name']:<20} {n:>9} {f:>7} {100 * f / max(n, 1):>6.2f} {row['50%']:>7} {row['95%']:>7} {float(row['Requests/s']):>7.1f}")
    print(f"\nreports accepted (201): {len(accepted)}; new rows in database: {after - before}; accepted but missing: {missing}")
    print("nothing lost" if int(missing) == 0 and after - before == len(accepted) else "MISMATCH: reports lost or extra rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
