"""Search benchmark: build time and query latency at scale, beside the raw engine query.

    .venv/bin/python bench/search_bench.py --db sqlite --count 100000
    .venv/bin/python bench/search_bench.py --db postgres --count 1000000

Generates synthetic incidents (bench/search_data.py) into a separate database -- the SQLite file
/tmp/<name>.sqlite3 or the PostgreSQL database <name>, where <name> is vigil_search_bench_<count> unless
--name gives another (do, when others use the same server) -- then times `search_rebuild`'s work and a
query mix run as a governance user (all incidents, redacted text). Each Vigil query is timed end to
end through incident_search (parse, scope, backend, highlights, hydration from the database, labels)
and printed beside a hand-written engine query for the same intent (ranked top 20, count, and for the
filtered query the facet GROUP BYs) with no Vigil code in between: the overhead ratio is their quotient.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = ["fall", "insulin", "sepsis", "catheter", "syringe", "handover", "cannula", "pressure", "discharge", "allergy"]
TWO_WORD = [
    ("missed dose", "harm:moderate status:closed"),
    ("found floor", "harm:low status:closed"),
    ("wrong patient", "harm:none status:closed"),
    ("pressure ulcer", "harm:moderate status:under_review"),
    ("delayed escalation", "harm:severe status:closed"),
]
PHRASES = ['"pressure ulcer"', '"wrong patient"', '"no harm"', '"nurse in charge"', '"call bell"']


def setup(db: str, count: int, fresh: bool, name: str | None = None) -> None:
    name = name or f"vigil_search_bench_{count}"
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"--name {name!r}: letters, digits and _ only (it becomes a database or file name)")
    if db == "sqlite":
        path = Path(f"/tmp/{name}.sqlite3")
        if fresh and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        if fresh:
            os.system(f"psql -q -h 127.0.0.1 -U postgres -c 'DROP DATABASE IF EXISTS {name}' -c 'CREATE DATABASE {name}'")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DEBUG"] = "0"  # with DEBUG on, Django keeps the text of recent queries: not what we measure
    # The baseline redactor keeps the build about search, not about the NLP redactor's speed.
    os.environ.setdefault("VIGIL_REDACTOR", "incidents.privacy.redact_text")
    import django

    django.setup()


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def server_settings(connection) -> str:
    """What the figures depend on besides the code and the load: the engine's cache settings, table or file size."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ("shared_buffers", "effective_cache_size", "work_mem", "jit")
            values = []
            for name in names:
                cursor.execute(f"SHOW {name}")
                values.append(f"{name}={cursor.fetchone()[0]}")
            cursor.execute("SELECT pg_size_pretty(pg_relation_size('search_searchdocument'))")
            values.append(f"search_searchdocument {cursor.fetchone()[0]}")
        else:
            from search.backends import get_search_backend

            backend = get_search_backend()
            backend.engine.prepare_read(cursor, backend.options)  # the pragmas a search runs with
            cursor.execute("SELECT sqlite_version()")
            values = [f"SQLite {cursor.fetchone()[0]}"]
            for name in ("mmap_size", "cache_size"):
                cursor.execute(f"PRAGMA {name}")
                values.append(f"{name}={cursor.fetchone()[0]}")
            values.append(f"file {Path(connection.settings_dict['NAME']).stat().st_size / 2**30:.1f} GB")
    return ", ".join(values)


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def timed(fn, runs: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


class Raw:
    """Hand-written engine queries for the same intents, with no Vigil code in the way.

    Like Vigil's page, each text query fetches the ranked top 20, the count, and facet counts
    (one GROUP BY per facet here, where Vigil materialises the matches once).
    """

    FACET_COLUMNS = ("d.status", "d.harm", "d.event_type", "d.site_id", "d.directorate_id", "d.occurred_month")

    def __init__(self, connection):
        self.c = connection
        self.vendor = connection.vendor

    def run(self, sql: str, params: list):
        with self.c.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def query(self, words: str, *, phrase: bool = False, harm: str | None = None, status: str | None = None):
        if self.vendor == "sqlite":
            inner = f'"{words}"' if phrase else " AND ".join(f'"{w}"' for w in words.split())
            params = ["{reference meta body_redacted} : " + inner]
            base = "FROM search_fts CROSS JOIN search_searchdocument d ON d.incident_id = search_fts.rowid WHERE search_fts MATCH %s"
            order, order_params = "bm25(search_fts, 10.0, 3.0, 1.0, 1.0)", []
        else:
            fn = "phraseto_tsquery" if phrase else "plainto_tsquery"
            params = [words]
            base = f"FROM search_searchdocument d WHERE d.vector_redacted @@ {fn}('english', %s)"
            order, order_params = f"ts_rank_cd(d.vector_redacted, {fn}('english', %s)) DESC", [words]
        for column, value in (("d.harm", harm), ("d.status", status)):
            if value:
                base += f" AND {column} = %s"
                params.append(value)
        self.run(f"SELECT d.incident_id {base} ORDER BY {order} LIMIT 20", params + order_params)
        self.run(f"SELECT count(*) {base}", params)
        for column in self.FACET_COLUMNS:
            self.run(f"SELECT {column}, count(*) {base} GROUP BY {column}", params)
        themed = base.replace(" WHERE ", " JOIN search_searchdocumenttheme t ON t.incident_id = d.incident_id WHERE ", 1)
        self.run(f"SELECT t.theme, count(*) {themed} GROUP BY t.theme", params)

    def any_of(self, terms: list[str], exclude: int):
        if self.vendor == "sqlite":
            match = "{body_redacted} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
            self.run("SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid != %s ORDER BY rank LIMIT 20", [match, exclude])
        else:
            q = " | ".join(terms)
            self.run("SELECT incident_id FROM search_searchdocument WHERE vector_redacted @@ to_tsquery('english', %s) "
                     "AND incident_id != %s ORDER BY ts_rank_cd(vector_redacted, to_tsquery('english', %s)) DESC LIMIT 20",
                     [q, exclude, q])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40, help="Timed runs per query kind")
    parser.add_argument("--name", help="Scratch database name (PostgreSQL) or /tmp/<name>.sqlite3; default "
                        "vigil_search_bench_<count>. Give your own when others run the bench on the same server.")
    parser.add_argument("--kinds", default="word,two,phrase,similar",
                        help="Query kinds to time, comma separated (word, two, phrase, similar)")
    parser.add_argument("--reuse", action="store_true", help="Keep an existing generated database and index")
    parser.add_argument("--rebuild", action="store_true", help="With --reuse: rebuild the index anyway")
    args = parser.parse_args()

    setup(args.db, args.count, fresh=not args.reuse, name=args.name)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident, StaffProfile
    from search import indexing, services
    from search.backends import get_search_backend
    from search.models import SearchDocument

    sys.path.insert(0, str(ROOT / "bench"))
    import search_data

    print(f"== {args.db} ({connection.vendor}), {args.count} incidents ==", flush=True)
    call_command("migrate", verbosity=0)
    if Incident.objects.count() < args.count:
        started = time.perf_counter()
        search_data.generate(args.count - Incident.objects.count(), progress=lambda m: print(m, flush=True))
        print(f"generate: {time.perf_counter() - started:.0f}s", flush=True)
    backend = get_search_backend()
    if args.rebuild or SearchDocument.objects.count() < args.count:
        backend.clear()
        rss_before = rss_mb()
        started = time.perf_counter()
        report = indexing.rebuild(chunk_size=2000, backend=backend)
        build = time.perf_counter() - started
        print(f"index build ({backend.label}): {report.indexed} docs in {build:.0f}s "
              f"({report.indexed / build:.0f}/s); peak RSS {rss_before:.0f} MB before, {rss_mb():.0f} MB after "
              "(a peak from generating shows in both; run again with --reuse --rebuild to see the build alone)", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-governance")
    StaffProfile.objects.get_or_create(user=user, defaults={"role": StaffProfile.Role.GOVERNANCE})
    raw = Raw(connection)
    rng = random.Random(3)
    ids = list(Incident.objects.order_by("?").values_list("id", flat=True)[:200]) if connection.vendor == "postgresql" else \
        [rng.randint(1, args.count) for _ in range(200)]

    def cycle(items):
        state = {"i": 0}

        def nxt():
            state["i"] += 1
            return items[state["i"] % len(items)]
        return nxt

    word, two, phrase, source = cycle(WORDS), cycle(TWO_WORD), cycle(PHRASES), cycle(ids)
    raw_word, raw_two, raw_phrase = cycle(WORDS), cycle(TWO_WORD), cycle(PHRASES)
    terms_for = {}

    def vigil_similar():
        services.similar_incidents(user=user, reference=Incident.objects.get(pk=source()).reference, limit=20)

    def raw_similar():
        pk = ids[len(terms_for) % len(ids)]
        if pk not in terms_for:  # the terms are Vigil's choice; only the final engine query is timed raw
            with connection.cursor() as cursor:
                text = backend.engine.source_text(cursor, pk, redacted=True)
            terms_for[pk] = backend.distinctive_terms(text or "", redacted=True) or ["patient"]
        raw.any_of(terms_for[pk], pk)

    def vigil_two():
        words, filters = two()
        services.incident_search(user=user, q=f"{words} {filters}")

    def raw_two_fn():
        words, filters = raw_two()
        f = dict(part.split(":") for part in filters.split())
        raw.query(words, harm=f["harm"], status=f["status"])

    mix = [
        ("word", "single word", lambda: services.incident_search(user=user, q=word()), lambda: raw.query(raw_word())),
        ("two", "two words + 2 filters + facets", vigil_two, raw_two_fn),
        ("phrase", "phrase", lambda: services.incident_search(user=user, q=phrase()), lambda: raw.query(raw_phrase().strip('"'), phrase=True)),
        ("similar", "similar incidents", vigil_similar, raw_similar),
    ]
    print(f"server: {server_settings(connection)}", flush=True)
    print(f"{load()} (1, 5, 15 minutes) before timing", flush=True)
    print(f"{'query':34} {'vigil p50':>10} {'vigil p95':>10} {'raw p50':>9} {'raw p95':>9} {'overhead':>9}")
    kinds = set(args.kinds.split(","))
    for kind, name, vigil_fn, raw_fn in mix:
        if kind not in kinds:
            continue
        v = timed(vigil_fn, args.runs)
        r = timed(raw_fn, args.runs)
        print(f"{name:34} {statistics.median(v):9.1f}ms {percentile(v, 95):9.1f}ms "
              f"{statistics.median(r):8.1f}ms {percentile(r, 95):8.1f}ms {statistics.median(v) / max(statistics.median(r), 0.01):8.2f}x",
              flush=True)
    print("two-word queries one by one (p50 of 5 runs; matches after filters):")
    for words, filters in TWO_WORD if "two" in kinds else ():
        q = f"{words} {filters}"
        results = services.incident_search(user=user, q=q)
        times = timed(lambda: services.incident_search(user=user, q=q), 5)
        print(f"  {q:45} {statistics.median(times):8.1f}ms  {results.count:>8} matches", flush=True)
    print(f"peak RSS {rss_mb():.0f} MB; {load()} after timing", flush=True)


if __name__ == "__main__":
    main()
