from django.db import migrations, models


def record_redaction_version_on_a_new_installation(apps, schema_editor):
    """A new installation has nothing indexed yet: its index will be made by today's rules, so record them. An
    existing installation's index was made by rules of unknown age and is left unrecorded, so that the next
    `search_catch_up` redacts and indexes every incident again (search.indexing.refresh_for_redaction)."""
    Incident = apps.get_model("incidents", "Incident")
    if Incident.objects.exists():
        return
    from incidents.privacy import redaction_version

    IndexState = apps.get_model("search", "IndexState")
    IndexState.objects.update_or_create(name="redaction_version", defaults={"value": redaction_version()})


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_narrow_document_row"),
        ("incidents", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=60, unique=True)),
                ("value", models.CharField(max_length=200)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
        migrations.RunPython(record_redaction_version_on_a_new_installation, migrations.RunPython.noop),
    ]
