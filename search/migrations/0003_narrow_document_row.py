from django.db import migrations

from search.backends.database.schema import SeparateTextFromDocuments


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_structures")]

    operations = [SeparateTextFromDocuments()]
