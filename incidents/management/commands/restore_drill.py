"""Restore drill: take (or use) a backup, restore it into a fresh database, and prove it is complete.

PostgreSQL uses pg_dump/pg_restore (custom format); SQLite uses the online backup API. The drill compares
row counts of every table and a sample of incidents field by field, then removes the scratch database.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

SAMPLE_SIZE = 50


def _tables() -> list[str]:
    return sorted({m._meta.db_table for m in apps.get_models() if m._meta.managed})


def _digest(rows) -> str:
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(tuple(str(v) for v in row)).encode())
    return h.hexdigest()


class Command(BaseCommand):
    help = "Back up the database, restore it into a scratch database and check counts and a sample of records."

    def add_arguments(self, parser):
        parser.add_argument("--backup", help="Restore this existing backup file instead of taking a new one.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database and backup for inspection.")

    def handle(self, *args, backup, keep, **options):
        started = time.monotonic()
        tables = [t for t in _tables() if t in connection.introspection.table_names()]
        live_counts = self._counts(connection.cursor(), tables)
        with connection.cursor() as cur:
            cur.execute('SELECT id FROM "incidents_incident" ORDER BY id')
            ids = [r[0] for r in cur.fetchall()]
        sample = ids[:: max(1, len(ids) // SAMPLE_SIZE)][:SAMPLE_SIZE]
        live_sample = self._sample(connection.cursor(), sample)

        workdir = Path(tempfile.mkdtemp(prefix="vigil-restore-"))
        try:
            if connection.vendor == "postgresql":
                restored_counts, restored_sample = self._postgres(workdir, backup, tables, sample, keep)
            elif connection.vendor == "sqlite":
                restored_counts, restored_sample = self._sqlite(workdir, backup, tables, sample)
            else:
                raise CommandError(f"No restore drill for {connection.vendor}.")
        finally:
            if not keep:
                shutil.rmtree(workdir, ignore_errors=True)

        problems = [f"{t}: live {live_counts[t]}, restored {restored_counts.get(t)}" for t in tables if live_counts[t] != restored_counts.get(t)]
        if live_sample != restored_sample:
            problems.append(f"sample of {len(sample)} incidents differs")
        for table in tables:
            self.stdout.write(f"  {table:<40} {live_counts[table]:>9} {restored_counts.get(table, '-'):>9}")
        elapsed = time.monotonic() - started
        if problems:
            raise CommandError("Restore drill FAILED:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS(
            f"Restore drill passed: {len(tables)} tables, {sum(live_counts.values())} rows, "
            f"{len(sample)} sampled incidents identical ({elapsed:.1f}s)."
        ))

    def _counts(self, cursor, tables):
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts

    def _sample(self, cursor, ids, placeholder="%s"):
        """Digest of sampled incidents. Django and psycopg cursors take %s; the sqlite3 module takes ?."""
        if not ids:
            return ""
        placeholders = ",".join([placeholder] * len(ids))
        cursor.execute(
            f'SELECT reference, narrative, status, physical_harm, reported_at FROM "incidents_incident" WHERE id IN ({placeholders}) ORDER BY id',
            ids,
        )
        return _digest(cursor.fetchall())

    def _sqlite(self, workdir, backup, tables, sample):
        target = workdir / "restored.sqlite3"
        if backup:
            shutil.copyfile(backup, target)
        else:
            name = str(connection.settings_dict["NAME"])
            source = sqlite3.connect(name, uri=name.startswith("file:"))
            dest = sqlite3.connect(target)
            source.backup(dest)
            source.close()
            dest.close()
        restored = sqlite3.connect(target)
        try:
            cursor = restored.cursor()
            return self._counts(cursor, tables), self._sample(cursor, sample, "?")
        finally:
            restored.close()

    def _postgres(self, workdir, backup, tables, sample, keep):
        import psycopg

        settings = connection.settings_dict
        env = dict(os.environ)
        if settings.get("PASSWORD"):
            env["PGPASSWORD"] = settings["PASSWORD"]
        common = ["-h", settings.get("HOST") or "localhost", "-p", str(settings.get("PORT") or 5432), "-U", settings.get("USER") or "postgres"]
        dump = Path(backup) if backup else workdir / "vigil.dump"
        if not backup:
            subprocess.run(["pg_dump", "-Fc", *common, "-f", str(dump), settings["NAME"]], check=True, env=env)
        scratch = f"vigil_restore_drill_{int(time.time())}"
        subprocess.run(["createdb", *common, scratch], check=True, env=env)
        try:
            subprocess.run(["pg_restore", "--no-owner", *common, "-d", scratch, str(dump)], check=True, env=env)
            conninfo = dict(host=common[1], port=common[3], user=common[5], dbname=scratch, password=settings.get("PASSWORD") or None)
            with psycopg.connect(**{k: v for k, v in conninfo.items() if v}) as conn:
                cursor = conn.cursor()
                return self._counts(cursor, tables), self._sample(cursor, sample)
        finally:
            if not keep:
                subprocess.run(["dropdb", *common, scratch], check=False, env=env)
