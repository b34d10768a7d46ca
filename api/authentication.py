"""Token authentication for systems, with the token's scopes checked for the endpoint being called.

The scope check happens here, when the token is authenticated, rather than in each view's permissions: a view
that forgets to declare a scope then refuses tokens instead of letting every token through (api.scopes).
"""
from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from . import scopes
from .models import ApiToken


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the header as `Authorization: Token <key>`, the key with no spaces.")
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token holds characters a token never has.") from None
        token = ApiToken.objects.find(key)
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not valid: it is wrong, expired or revoked.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The account this token belongs to is not active.")
        self._check_scope(request, token)
        token.touch()
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword

    @staticmethod
    def _check_scope(request, token: ApiToken) -> None:
        match = getattr(request._request, "resolver_match", None)
        view_class = getattr(getattr(match, "func", None), "view_class", None)
        needed = scopes.needed(view_class, request.method) if view_class else None
        if view_class is not None and not hasattr(view_class, request.method.lower()):
            return  # a method the endpoint does not have: let the view answer 405
        if view_class is None or not scopes.is_declared(needed):
            raise exceptions.PermissionDenied("This endpoint cannot be called with an API token; sign in instead.")
        if needed is not None and not token.allows(needed):
            raise exceptions.PermissionDenied(
                f"This token lacks the {needed!r} scope that {request.method} on this endpoint needs. "
                "Ask an administrator for a token with it (manage.py api_token USERNAME --scope ...)."
            )
