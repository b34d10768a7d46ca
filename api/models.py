"""What the API stores of its own: idempotency records for retried POSTs."""
from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """The first successful answer to a POST sent with an `Idempotency-Key` header.

    Neither the client's key nor the answer is stored in clear: the key is kept as a keyed digest and the
    answer (which may hold an anonymous reporter's one-time follow-up code) is encrypted with a key derived
    from the client's key, so the table alone does not reveal it. Rows are written in the same transaction as
    the work they describe, so a committed row always has its answer.
    """

    scope = models.CharField(max_length=40, help_text='"user:<id>" or "anonymous"')
    key_digest = models.CharField(max_length=64)
    request_digest = models.CharField(max_length=64, help_text="Digest of method, path and JSON body")
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.TextField(blank=True, help_text="Encrypted JSON body of the first answer")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key_digest"], name="idempotency_key_unique_per_scope"),
            models.CheckConstraint(
                condition=models.Q(status_code__isnull=True) | models.Q(status_code__gte=200, status_code__lt=300),
                name="idempotency_only_successes_kept",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key_digest[:12]}"
