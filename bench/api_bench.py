"""Submission throughput and latency of the API under gunicorn and PostgreSQL, beside a trivial endpoint.

    .venv/bin/python bench/api_bench.py [--clients 20] [--seconds 15] [--workers 5] [--threads 2]

What it does, all on this machine (loopback only), and stops by itself:

1. creates a scratch PostgreSQL database (default `vigil_api_bench`, dropped again at the end), migrates it and
   adds one ward and one user with an API token;
2. starts gunicorn with `config/gunicorn.py` and `config.settings.production` (DEBUG off, SSL redirect off because
   there is no TLS proxy here, tasks queued in the database as in production, no worker draining them, throttle
   counts in the local Redis, database 14, as production keeps them in a shared cache);
3. for each endpoint, `--clients` threads each keep one HTTP/1.1 connection and send requests back to back for
   `--seconds` (after a short warm-up): GET /api/v1/ping/ (no database) and POST /api/v1/incidents/ with the token;
4. prints requests, errors, throughput and p50/p95/p99 latency for both, the ratio of submission throughput to
   ping throughput, and whether the targets (submission p95 < 100 ms, ratio >= 60 %) were met.

The client runs on the same two cores as the server, so absolute numbers are a floor, not a capacity plan.
Benchmarks print; nothing here asserts.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

SETUP = """
import json
from django.contrib.auth import get_user_model
from api.models import ApiToken
from incidents.models import Directorate, Location, Site, StaffProfile
site = Site.objects.create(name="Bench General", code="BENCH1")
ward = Location.objects.create(directorate=Directorate.objects.create(site=site, name="Medicine"), name="Ward B")
user = get_user_model().objects.create_user("bench.client", password="bench-not-a-real-password")
StaffProfile.objects.create(user=user, role=StaffProfile.Role.REPORTER)
print(json.dumps({"location": ward.pk, "token": ApiToken.objects.issue(user=user, name="bench", scopes=["report"])[1]}))
"""


@dataclass
class Result:
    name: str
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def server_env(args, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        # The benchmark measures the server, not the throttle: budgets far above what it can send.
        "VIGIL_API_TOKEN_RATE": "10000000/minute",
        "VIGIL_API_ANONYMOUS_SUBMISSION_RATE": "10000000/minute",
        # Throttle counts shared by the workers, as docs/deployment.md asks of production.
        "CACHE_URL": args.cache_url,
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": str(ROOT),
    }
    return env


def admin_url(database_url: str) -> tuple[str, str]:
    """The URL of the server's `postgres` database, and the name of the bench database."""
    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urllib.parse.urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(database_url: str, *, drop_only: bool = False) -> None:
    import psycopg

    url, name = admin_url(database_url)
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Refusing odd database name {name!r}.")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict[str, str]) -> dict:
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True)
    out = subprocess.run([*manage, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_until_up(port: int, deadline_s: float = 30.0) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/ping/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /api/v1/ping/ in time; see the server output above.")


def stop(server: subprocess.Popen | None) -> None:
    """Stop gunicorn gracefully, or kill it after 30 s."""
    if server is None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()


def report_body(location: int, n: int) -> bytes:
    return json.dumps(
        {
            "event_type": "incident",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600)),
            "location": location,
            "narrative": f"Benchmark report {n}: patient found on the floor beside the bed, no injury seen.",
            "affected": "patient",
            "physical_harm": "none",
            "psychological_harm": "none",
        }
    ).encode()


def run_phase(name: str, port: int, clients: int, seconds: float, warmup: float, make_request) -> Result:
    """`clients` threads, one keep-alive connection each, requests back to back; only post-warm-up ones count."""
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds
    result = Result(name=name, seconds=seconds)
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = 0
        while (now := time.monotonic()) < stop_at:
            method, path, body, headers, expected = make_request(index, n)
            n += 1
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                outcome = None if response.status == expected else f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                outcome = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed_ms = (time.perf_counter() - began) * 1000
            if now < measure_from:
                continue
            with lock:
                if outcome is None:
                    result.latencies_ms.append(elapsed_ms)
                else:
                    result.errors[outcome] = result.errors.get(outcome, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + warmup + 60)
    return result


def print_results(results: list[Result], args) -> None:
    print(f"\n{args.clients} concurrent clients, {args.seconds:g} s measured per endpoint (after {args.warmup:g} s warm-up)")
    print(f"gunicorn: {args.workers} workers x {args.threads} threads, config.settings.production, DATABASE_CONN_MAX_AGE={args.conn_max_age}, CACHE_URL={args.cache_url}")
    print(f"{'endpoint':<28}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for r in results:
        errors = sum(r.errors.values())
        print(
            f"{r.name:<28}{len(r.latencies_ms):>10}{errors:>8}{r.throughput:>10.1f}"
            f"{r.percentile(50):>9.1f}{r.percentile(95):>9.1f}{r.percentile(99):>9.1f}"
        )
        if r.errors:
            print(f"{'':<28}errors: {r.errors}")
    ping, submit = results
    ratio = submit.throughput / ping.throughput if ping.throughput else float("nan")
    print(f"\nsubmission throughput / ping throughput = {ratio:.0%}")
    print(f"target submission p95 < 100 ms: {'met' if submit.percentile(95) < 100 else 'NOT met'} ({submit.percentile(95):.1f} ms)")
    print(f"target ratio >= 60 %:           {'met' if ratio >= 0.6 else 'NOT met'} ({ratio:.0%})")
    if submit.latencies_ms:
        print(f"submission latency mean {statistics.fmean(submit.latencies_ms):.1f} ms, max {max(submit.latencies_ms):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds per endpoint (max 120)")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (config/gunicorn.py: 2 x cores + 1)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE for the server")
    parser.add_argument(
        "--cache-url", default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
        help="CACHE_URL for the server (throttle counts); locmem:// keeps them per process",
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vigil_api_bench"),
        help="scratch database: created, used and dropped",
    )
    args = parser.parse_args()
    args.seconds = min(max(args.seconds, 1.0), 120.0)
    if urllib.parse.urlsplit(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("The benchmark only talks to a database on this machine.")
    if not args.cache_url.startswith("locmem://") and urllib.parse.urlsplit(args.cache_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("The benchmark only talks to a cache on this machine.")

    recreate_database(args.database_url)
    env = server_env(args, args.database_url)
    server = None
    try:
        fixture = prepare(env)
        server_log = tempfile.NamedTemporaryFile("w+", prefix="api_bench_server_", suffix=".log", delete=False)
        server = subprocess.Popen(
            [GUNICORN, "-c", "config/gunicorn.py", "config.wsgi"], env=env, cwd=ROOT, stdout=server_log, stderr=server_log
        )
        print(f"gunicorn pid {server.pid}, log {server_log.name}")
        wait_until_up(args.port)
        auth = {"Authorization": f"Token {fixture['token']}", "Content-Type": "application/json"}

        def ping(index, n):
            return "GET", "/api/v1/ping/", None, {}, 200

        def submit(index, n):
            return "POST", "/api/v1/incidents/", report_body(fixture["location"], n), auth, 201

        results = [
            run_phase("GET /api/v1/ping/", args.port, args.clients, args.seconds, args.warmup, ping),
            run_phase("POST /api/v1/incidents/", args.port, args.clients, args.seconds, args.warmup, submit),
        ]
        print_results(results, args)
    finally:
        stop(server)
        recreate_database(args.database_url, drop_only=True)


if __name__ == "__main__":
    main()
