import json
from pathlib import Path

from django.db import migrations

TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.json"


def seed(apps, schema_editor):
    Theme = apps.get_model("learning", "Theme")
    for row in json.loads(TAXONOMY.read_text(encoding="utf-8")):
        Theme.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"], "definition": row["definition"]})


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
