"""OpenAPI pieces shared by the views: the error shape, error responses and the Idempotency-Key header."""
from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from .idempotency import HEADER, MAX_KEY_LENGTH, MIN_KEY_LENGTH
from .scopes import SCOPES

ErrorOut = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorDetail",
            fields={
                "code": serializers.CharField(help_text="Machine-readable, e.g. validation_error, not_found, throttled."),
                "message": serializers.CharField(help_text="What went wrong and what to do, for a person."),
                "fields": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text='Messages per request field; "non_field_errors" for the request as a whole. Empty otherwise.',
                ),
            },
        )
    },
)

ERROR_DESCRIPTIONS = {
    400: "The request is not valid (validation_error, parse_error, invalid_idempotency_key).",
    401: "No valid credentials (not_authenticated, authentication_failed).",
    403: "Signed in, but this role may not do this (permission_denied).",
    404: "No such incident in the caller's scope, or no such URL (not_found). Existence is not disclosed.",
    415: "The body must be JSON (unsupported_media_type).",
    422: "This Idempotency-Key was used with a different request (idempotency_key_reused).",
    429: "Too many requests (throttled); see the Retry-After header.",
    500: "Unexpected server error (server_error).",
}


def with_errors(ok: dict, *codes: int | tuple[int, str]) -> dict:
    """Responses for extend_schema: the successful ones given, plus error statuses in the error shape.

    Each code is a status, or (status, description) where the general description does not fit.
    """
    out = dict(ok)
    for item in codes:
        code, description = item if isinstance(item, tuple) else (item, ERROR_DESCRIPTIONS[item])
        out[code] = OpenApiResponse(response=ErrorOut, description=description)
    return out


IDEMPOTENCY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type={"type": "string", "minLength": MIN_KEY_LENGTH, "maxLength": MAX_KEY_LENGTH, "pattern": "^[!-~]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        f"Optional, {MIN_KEY_LENGTH}-{MAX_KEY_LENGTH} visible ASCII characters (a UUID is ideal). A retry with the same "
        "key and body answers with the first successful result (header Idempotent-Replayed: true) instead of "
        "doing the work again; the same key with a different body is refused with 422. Keys are per signed-in "
        "user; callers who are not signed in share one namespace, so use random keys."
    ),
)


def add_common_error_responses(result, generator, request, public):
    """Postprocessing hook: every operation may answer 429 and 500; any with a body 400 and 415; any with
    query parameters 400; any that needs credentials 401 and 403."""
    error_ref = {"$ref": "#/components/schemas/Error"}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            wanted = [429, 500] + ([400, 415] if "requestBody" in operation else [])
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                wanted.append(400)
            if {} not in operation.get("security", [{}]):
                wanted += [401, 403]
            for code in wanted:
                responses.setdefault(
                    str(code),
                    {"content": {"application/json": {"schema": error_ref}}, "description": ERROR_DESCRIPTIONS[code]},
                )
    return result


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Describes api.authentication.ApiTokenAuthentication in the schema, under the name DRF's own token used."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`, a key from `manage.py api_token USERNAME` or the admin. Each endpoint "
            "needs one of the token's scopes (" + ", ".join(SCOPES) + "); the account's role still applies.",
        }
