"""One error shape for every 4xx and 5xx answer of the API.

    {"error": {"code": "machine_code", "message": "human text", "fields": {"field": ["message", ...]}}}

`fields` is always present; it is empty unless the request had field errors.
"""
from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("vigil.api")

NON_FIELD = "non_field_errors"

# DRF's own codes, renamed where ours reads better to a client.
_CODES = {
    "invalid": "validation_error",
    "error": "server_error",
}


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = (
        "This Idempotency-Key was already used with a different request. "
        "Send a new key for a new request, or resend exactly the same request to get its first answer."
    )


class InvalidIdempotencyKey(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_idempotency_key"
    default_detail = "The Idempotency-Key header must be 16 to 255 visible ASCII characters; a UUID is ideal."


def error_body(*, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The JSON body every error answer carries."""
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _from_django(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {(NON_FIELD if name == "__all__" else name): msgs for name, msgs in exc.message_dict.items()}
        else:
            detail = {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail=detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound(str(exc) or None)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field": [...]} (nested fields joined with dots)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
        return out
    if isinstance(detail, list):
        out = {}
        for index, item in enumerate(detail):
            name = prefix or NON_FIELD
            if isinstance(item, (dict, list)):
                for field, messages in _flatten(item, f"{name}.{index}").items():
                    out.setdefault(field, []).extend(messages)
            else:
                out.setdefault(name, []).append(str(item))
        return out
    return {prefix or NON_FIELD: [str(detail)]}


def _validation_message(fields: dict[str, list[str]]) -> str:
    if list(fields) == [NON_FIELD]:
        return fields[NON_FIELD][0]
    named = [name for name in fields if name != NON_FIELD]
    return f"Check these fields: {', '.join(named)}." if named else "The request is not valid."


def _code(exc: exceptions.APIException) -> str:
    code = exc.get_codes()
    if not isinstance(code, str):
        code = exc.default_code
    return _CODES.get(code, code)


def exception_handler(exc: Exception, context: dict) -> Response:
    """DRF exception handler: every error, expected or not, answers in the one shape."""
    exc = _from_django(exc)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        if isinstance(exc, exceptions.ValidationError):
            fields = _flatten(exc.detail)
            body = error_body(code="validation_error", message=_validation_message(fields), fields=fields)
        else:
            body = error_body(code=_code(exc), message=str(exc.detail))
        set_rollback()
        return Response(body, status=exc.status_code, headers=headers)

    request = context.get("request")
    logger.error("Unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
    set_rollback()
    # Error reporting (and Django's test client) listen for this, as they would for a plain Django view.
    got_request_exception.send(sender=None, request=getattr(request, "_request", request))
    message = "Something went wrong on our side. If it keeps happening, tell the Vigil team"
    request_id = getattr(getattr(request, "_request", None), "request_id", None)
    message += f" and quote request id {request_id}." if request_id else "."
    return Response(error_body(code="server_error", message=message), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
