"""System checks: is the configured search backend usable?"""
from __future__ import annotations

from django.core.checks import Warning, register
from django.db import DatabaseError


def _search_migrations_pending() -> bool:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        targets = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "search"]
        return bool(executor.migration_plan(targets))
    except DatabaseError:
        return True


@register("search", deploy=False)
def search_backend_ready(app_configs=None, **kwargs):
    from .backends import InvalidSearchBackendError, get_search_backend

    if not kwargs.get("databases"):
        return []  # like Django's database checks: only with `manage.py check --database default`

    if _search_migrations_pending():
        return []  # `migrate` is about to create the structures; nothing to warn about yet
    try:
        problems = get_search_backend().check()
    except InvalidSearchBackendError as exc:
        return [Warning(str(exc), id="search.W001")]
    except DatabaseError:
        return []  # the database is not set up yet (before migrate); migrate will create the structures
    return [Warning(p, hint="Search answers with errors until this is fixed.", id="search.W002") for p in problems]
