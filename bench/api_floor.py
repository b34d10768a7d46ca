"""The floor under the API submission ratio: what an endpoint that does almost nothing costs beside ping.

    .venv/bin/python bench/api_floor.py [--clients 20] [--seconds 10]

bench/api_bench.py compares a submission with GET /api/v1/ping/ (target: at least 60 % of ping's throughput). This
bench asks how much of that gap any submission must pay whatever its design, by serving, beside the real
endpoints, four stand-ins that exist only in this run (a settings module and URL module written to a temporary
directory; nothing is added to the product):

- `parse`: POST, no credentials, the JSON body parsed by DRF, 201;
- `insert`: the same plus one INSERT of the body into a scratch table (one statement, committed);
- `token`: POST with the product's API token authentication (`api.authentication`, its scope check and the token
  throttle in the shared cache), the body parsed, 201, nothing written;
- `token-sql`: the same with the token looked up by one hand-written SQL statement instead of the ORM.

Everything else is as in bench/api_bench.py (same scratch database, gunicorn and production settings, same
client threads and Redis for throttle counts), and each endpoint is printed as a share of ping's throughput.
Benchmarks print; nothing here asserts.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import api_bench as harness

SETTINGS = """
from config.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "api_floor_urls"
"""

URLS = '''
import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import path
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import ApiTokenAuthentication
from api.models import ApiToken, _digest
from config.urls import urlpatterns as product_urls


class Parse(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    token_scope = None

    def post(self, request):
        return Response({"fields": len(request.data)}, status=201)


class Insert(Parse):
    def post(self, request):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO floor_reports (body) VALUES (%s) RETURNING id", [json.dumps(request.data)])
            return Response({"id": cursor.fetchone()[0]}, status=201)


class Token(Parse):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated]
    token_scope = "report"


class SqlTokenAuthentication(BaseAuthentication):
    """One statement for what ApiToken.objects.find does through the ORM (usable token, active user)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.id, t.user_id FROM api_apitoken t JOIN auth_user u ON u.id = t.user_id WHERE t.digest = %s"
                " AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.is_active",
                [_digest(parts[1].decode())],
            )
            row = cursor.fetchone()
        return get_user_model()(pk=row[1], is_active=True), ApiToken(pk=row[0], scopes=["report"])


class SqlToken(Token):
    authentication_classes = [SqlTokenAuthentication]


urlpatterns = [
    path("floor/parse/", Parse.as_view()),
    path("floor/insert/", Insert.as_view()),
    path("floor/token/", Token.as_view()),
    path("floor/token-sql/", SqlToken.as_view()),
    *product_urls,
]
'''

FLOORS = ("parse", "insert", "token", "token-sql")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per endpoint (max 120)")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8798)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/vigil_api_floor")
    args = parser.parse_args()
    args.seconds = min(max(args.seconds, 1.0), 120.0)

    harness.recreate_database(args.database_url)
    server = None
    with tempfile.TemporaryDirectory(prefix="api_floor_") as modules:
        Path(modules, "api_floor_settings.py").write_text(SETTINGS)
        Path(modules, "api_floor_urls.py").write_text(URLS)
        env = {
            **harness.server_env(args, args.database_url),
            "DJANGO_SETTINGS_MODULE": "api_floor_settings",
            "PYTHONPATH": f"{modules}:{harness.ROOT}",
        }
        try:
            fixture = harness.prepare(env)
            import psycopg

            with psycopg.connect(args.database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
                conn.execute("CREATE TABLE floor_reports (id bigserial PRIMARY KEY, body jsonb NOT NULL)")
            log = tempfile.NamedTemporaryFile("w+", prefix="api_floor_server_", suffix=".log", delete=False)
            server = subprocess.Popen(
                [harness.GUNICORN, "-c", "config/gunicorn.py", "config.wsgi"], env=env, cwd=harness.ROOT, stdout=log, stderr=log
            )
            print(f"gunicorn pid {server.pid}, log {log.name}")
            harness.wait_until_up(args.port)
            auth = {"Authorization": f"Token {fixture['token']}", "Content-Type": "application/json"}
            plain = {"Content-Type": "application/json"}

            def phase(name, method, path, headers, expected):
                body = (lambda n: harness.report_body(fixture["location"], n)) if method == "POST" else (lambda n: None)
                return harness.run_phase(
                    f"{method} {path}", args.port, args.clients, args.seconds, args.warmup,
                    lambda index, n: (method, path, body(n), headers, expected),
                )

            results = [
                phase("ping", "GET", "/api/v1/ping/", {}, 200),
                phase("submission", "POST", "/api/v1/incidents/", auth, 201),
            ]
            for floor in FLOORS:
                results.append(phase(floor, "POST", f"/floor/{floor}/", plain if floor in {"parse", "insert"} else auth, 201))
        finally:
            harness.stop(server)
            harness.recreate_database(args.database_url, drop_only=True)

    ping = results[0].throughput
    print(f"\n{args.clients} concurrent clients, {args.seconds:g} s per endpoint, gunicorn {args.workers} x {args.threads}, CACHE_URL={args.cache_url}")
    print(f"{'endpoint':<28}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'of ping':>9}")
    for r in results:
        share = r.throughput / ping if ping else float("nan")
        print(
            f"{r.name:<28}{len(r.latencies_ms):>10}{sum(r.errors.values()):>8}{r.throughput:>10.1f}"
            f"{r.percentile(50):>9.1f}{r.percentile(95):>9.1f}{share:>9.0%}"
        )
        if r.errors:
            print(f"{'':<28}errors: {json.dumps(r.errors)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
