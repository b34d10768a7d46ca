import os
import sqlite3
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.factories import submit

pytestmark = pytest.mark.django_db(transaction=True)


def take_backup(path):
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(settings["NAME"])
        source = sqlite3.connect(name, uri=name.startswith("file:"))
        dest = sqlite3.connect(path)
        source.backup(dest)
        source.close()
        dest.close()
    else:
        subprocess.run(
            ["pg_dump", "-Fc", "-h", settings["HOST"] or "localhost", "-p", str(settings["PORT"] or 5432),
             "-U", settings["USER"] or "postgres", "-f", str(path), settings["NAME"]],
            check=True, env={**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""},
        )


def test_restore_drill_passes_on_a_fresh_backup(ward, reporter, capsys):
    for _ in range(3):
        submit(ward, reporter=reporter)
    call_command("restore_drill")
    assert "Restore drill passed" in capsys.readouterr().out


def test_restore_drill_catches_a_stale_backup(ward, reporter, tmp_path):
    submit(ward, reporter=reporter)
    backup = tmp_path / "old.backup"
    take_backup(backup)
    submit(ward, reporter=reporter)
    with pytest.raises(CommandError, match="incidents_incident: live 2, restored 1"):
        call_command("restore_drill", "--backup", str(backup))
