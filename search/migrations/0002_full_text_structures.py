from django.db import migrations

from search.backends.database.schema import CreateFullTextStructures


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [CreateFullTextStructures()]
