"""Idempotent POSTs: a retried request with the same `Idempotency-Key` gets the first answer again.

How it stays safe when two copies of a request arrive together: the record for the key is inserted first,
in the same transaction as the work. The unique constraint makes the second copy's insert wait until the
first transaction ends (PostgreSQL waits on the index entry; SQLite waits for the write lock), then fail,
and the second copy answers with what the first stored. If the first copy fails, its record is rolled back
with its work and the key is free again. Only successful (2xx) answers are kept; errors are not replayed.
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable

from cryptography.fernet import Fernet, InvalidToken
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .exceptions import IdempotencyKeyReused, InvalidIdempotencyKey
from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replayed"
MIN_KEY_LENGTH = 16
MAX_KEY_LENGTH = 255


def scope_for(request: Request) -> str:
    """Keys are per signed-in user (token or session alike); callers who are not signed in share one scope."""
    user = request.user
    return f"user:{user.pk}" if user and user.is_authenticated else "anonymous"


def _valid_key(raw: str) -> bool:
    return MIN_KEY_LENGTH <= len(raw) <= MAX_KEY_LENGTH and all(33 <= ord(ch) <= 126 for ch in raw)


def _key_digest(scope: str, raw: str) -> str:
    return salted_hmac("vigil.api.idempotency.key", f"{scope}\n{raw}", algorithm="sha256").hexdigest()


def _cipher(scope: str, raw: str) -> Fernet:
    secret = salted_hmac("vigil.api.idempotency.answer", f"{scope}\n{raw}", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(secret))


def request_digest(request: Request) -> str:
    """Digest of what makes two requests "the same": method, path and the parsed JSON body (key order ignored)."""
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), cls=JSONEncoder)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def _replay(record: IdempotencyRecord, cipher: Fernet) -> Response:
    try:
        data = json.loads(cipher.decrypt(record.response.encode()))
    except InvalidToken:  # SECRET_KEY changed since the record was written
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used before, but its first answer can no longer be read. Send a new key."
        ) from None
    return Response(data, status=record.status_code, headers={REPLAY_HEADER: "true"})


def idempotent(request: Request, handle: Callable[[], Response]) -> Response:
    """Run `handle` once per (caller, Idempotency-Key); without the header, simply run it."""
    raw = request.headers.get(HEADER)
    if raw is None:
        return handle()
    if not _valid_key(raw):
        raise InvalidIdempotencyKey()
    scope = scope_for(request)
    key_digest = _key_digest(scope, raw)
    digest = request_digest(request)
    cipher = _cipher(scope, raw)

    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key_digest=key_digest, request_digest=digest)
        except IntegrityError:
            record = None
        if record is None:
            existing = IdempotencyRecord.objects.get(scope=scope, key_digest=key_digest)
            if existing.request_digest != digest:
                raise IdempotencyKeyReused()
            return _replay(existing, cipher)

        response = handle()
        if 200 <= response.status_code < 300:
            record.status_code = response.status_code
            payload = json.dumps(response.data, cls=JSONEncoder).encode()
            record.response = cipher.encrypt(payload).decode()
            record.save(update_fields=["status_code", "response"])
        else:
            transaction.set_rollback(True)
        return response
