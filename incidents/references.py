"""Incident references, `INC-<year>-<number>`: unique, increasing within a year, never reused.

On PostgreSQL each year has its own sequence. `nextval` takes no row lock, so concurrent submissions do not
queue behind one another for the rest of their transactions (a per-year counter row under `SELECT ... FOR
UPDATE` held every other submission until the first committed). The price is a gap when a transaction fails
after taking its number; validation runs before a number is taken, so gaps come only from database failures.

Elsewhere (SQLite, the embedded default, which serialises writers anyway) the number comes from the
`ReferenceCounter` row for the year, locked until commit, so there are no gaps.
"""
from __future__ import annotations

import zlib

from django.db import connection

from .models import ReferenceCounter


def format_reference(year: int, number: int) -> str:
    return f"INC-{year}-{number:06d}"


def next_reference(year: int) -> str:
    """A new reference for a report made in `year`. Call inside the transaction that saves the report."""
    if connection.vendor == "postgresql":
        return format_reference(year, _next_from_sequence(year))
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return format_reference(year, counter.last_number)


def sequence_name(year: int) -> str:
    return f"incidents_reference_{int(year)}"


def _next_from_sequence(year: int) -> int:
    name = sequence_name(year)
    with connection.cursor() as cursor:
        # One round trip: the sequence's next value, or no row if the year has no sequence yet.
        cursor.execute("SELECT nextval(seq) FROM to_regclass(%s) AS seq WHERE seq IS NOT NULL", [name])
        row = cursor.fetchone()
        if row is None:
            _create_sequence(cursor, year)
            cursor.execute("SELECT nextval(%s)", [name])
            row = cursor.fetchone()
        return row[0]


def _create_sequence(cursor, year: int) -> None:
    """Create the year's sequence once, starting after any number already used (counter row or references)."""
    # Two first submissions of a year may race: the lock makes the second wait, then IF NOT EXISTS skips it.
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(sequence_name(year).encode())])
    cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {sequence_name(year)} AS bigint MINVALUE 1 START WITH 1")
    cursor.execute("SELECT last_value, is_called FROM " + sequence_name(year))
    last_value, is_called = cursor.fetchone()
    used = max(_highest_in_use(cursor, year), last_value if is_called else 0)
    if used:
        cursor.execute("SELECT setval(%s, %s, true)", [sequence_name(year), used])


def _highest_in_use(cursor, year: int) -> int:
    counter = ReferenceCounter.objects.filter(year=year).values_list("last_number", flat=True).first() or 0
    prefix = f"INC-{year}-"
    cursor.execute(
        "SELECT max(substr(reference, %s)::bigint) FROM incidents_incident"
        " WHERE reference LIKE %s AND substr(reference, %s) ~ '^[0-9]+$'",
        [len(prefix) + 1, prefix + "%", len(prefix) + 1],
    )
    return max(counter, cursor.fetchone()[0] or 0)
