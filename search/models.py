"""What search stores beside the incidents: index state, the outbox of pending updates, saved searches.

The database is the source of truth; everything here except saved searches can be rebuilt from it.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class IndexKeyField(models.BigIntegerField):
    """A 64-bit key that on SQLite is declared INTEGER PRIMARY KEY, i.e. the table's rowid.

    Joining the FTS5 table to the documents is then one B-tree lookup per match instead of two.
    """

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class SearchDocument(models.Model):
    """One incident as the database backend indexes it: the filter and facet columns.

    The text lives beside it in vendor-specific structures made by migrations 0002 and 0003: an FTS5 table
    (`search_fts`) on SQLite; on PostgreSQL the redacted and raw tsvectors and the theme slugs on this row (GIN
    indexes), and the text for excerpts and "similar" in its own table (`search_searchtext`), so that the row
    every match visits stays narrow (docs/search.md).
    `incident_id` is a plain key, not a foreign key, so that the index may briefly lag the database.
    """

    incident_id = IndexKeyField(primary_key=True)
    reference = models.CharField(max_length=20, db_index=True)
    status = models.CharField(max_length=20)
    event_type = models.CharField(max_length=20)
    harm = models.CharField(max_length=20, help_text="The higher of physical and psychological harm")
    learning_response = models.CharField(max_length=20, blank=True)
    site_id = models.BigIntegerField()
    directorate_id = models.BigIntegerField()
    location_id = models.BigIntegerField()
    specialty_id = models.BigIntegerField(null=True)
    occurred_at = models.DateTimeField()
    occurred_month = models.DateField(help_text="First day of the month it happened (local time)")
    reported_at = models.DateTimeField()
    source_updated_at = models.DateTimeField(help_text="Incident.updated_at when this row was built")
    fingerprint = models.CharField(max_length=40, help_text="SHA-1 of the indexed content, for drift checks")

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"], name="search_doc_occurred"),
            models.Index(fields=["reported_at"], name="search_doc_reported"),
            models.Index(fields=["status", "harm"], name="search_doc_status_harm"),
            models.Index(fields=["site_id", "directorate_id"], name="search_doc_scope"),
        ]


class SearchDocumentTheme(models.Model):
    """A theme on an indexed incident: confirmed by a safety lead, or suggested by the classifier."""

    incident_id = models.BigIntegerField()
    theme = models.CharField(max_length=60)
    confirmed = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["incident_id", "theme"], name="search_theme_once")]
        indexes = [models.Index(fields=["theme", "incident_id"], name="search_theme_lookup")]


class IndexQueue(models.Model):
    """The outbox: incidents whose index entry is out of date. A row leaves only once the index has it.

    Written after the incident commits, so a report is never held up (or lost) by a search failure;
    `manage.py search_catch_up` retries whatever is left.
    """

    incident_id = models.BigIntegerField(unique=True)
    dirty_since = models.DateTimeField(default=timezone.now, db_index=True)
    # Bumped on every change, so that a change made while the row is being indexed keeps it queued.
    version = models.PositiveIntegerField(default=1)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dirty_since", "id"]


class IndexState(models.Model):
    """Facts about the index as a whole, by name. "redaction_version": the redaction rules the index's redacted
    text was made with (incidents.privacy.redaction_version), so that new rules re-redact what is stored."""

    name = models.CharField(max_length=60, unique=True)
    value = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


class SavedSearch(models.Model):
    """A named query its owner can re-run, optionally with an email when new incidents match."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=120)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True, help_text="Facet choices: {'theme': ['falls'], ...}")
    notify = models.BooleanField("email me about new matches", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Incidents reported after this moment have not been told to the owner yet.
    notified_up_to = models.DateTimeField(default=timezone.now)
    last_notified_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_per_owner")]

    def __str__(self) -> str:
        return self.name
