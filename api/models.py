"""What the API stores of its own: idempotency records for retried POSTs, and API tokens."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from . import scopes as scopes_module


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


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))

    def find(self, key: str) -> ApiToken | None:
        """The usable token with this key, with its user, or None."""
        if not key or len(key) > 200:
            return None
        return self.usable().select_related("user").filter(digest=_digest(key)).first()

    def issue(self, *, user, name: str, scopes, expires_at=None) -> tuple[ApiToken, str]:
        """A new token for `user`, replacing (revoking) a usable one of the same name. Returns it and its key.

        The key is shown once: only its SHA-256 digest is stored (keys are 256 random bits, so a plain digest
        is enough) and its first characters, to tell tokens apart in lists.
        """
        scopes = sorted(set(scopes))
        bad = scopes_module.unknown(scopes)
        if bad or not scopes:
            raise ValidationError({"scopes": f"Choose one or more of: {', '.join(scopes_module.ALL)}" + (f" (not {', '.join(bad)})" if bad else "")})
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        self.usable().filter(user=user, name=name).update(revoked_at=now)
        token = self.create(user=user, name=name, scopes=scopes, expires_at=expires_at, digest=_digest(key), prefix=key[: len(KEY_PREFIX) + 6], created_at=now)
        return token, key


KEY_PREFIX = "vgl_"


class ApiToken(models.Model):
    """A key a system presents as `Authorization: Token <key>`, acting as one account within some scopes."""

    name = models.CharField(max_length=100, help_text="Which system uses it, e.g. 'Theatre system (Northgate)'.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The account the system acts as. Its role still limits what the token can reach.",
    )
    scopes = models.JSONField(default=list, help_text="What the token may do (api.scopes).")
    prefix = models.CharField(max_length=16, editable=False, help_text="The key's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="Optional: the token stops working then.")
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    TOUCH_EVERY = dt.timedelta(minutes=5)

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], condition=models.Q(revoked_at__isnull=True), name="api_token_one_live_per_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.user})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def touch(self) -> None:
        """Note that the token was used, at most once every few minutes (a write per request would cost)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > self.TOUCH_EVERY:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiToken.objects.filter(pk=self.pk, revoked_at__isnull=True).update(revoked_at=self.revoked_at)
