"""Issue, list and revoke API tokens for systems."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from api import scopes
from api.models import ApiToken


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME (the key alone on stdout). A token of the same --name is replaced and "
        "stops working at once. --scope limits what it may do (repeat it; default: every scope, still within the "
        f"account's role). Scopes: {', '.join(scopes.ALL)}. --list shows the user's tokens; --revoke revokes one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="default", help="Which system uses the token (default: 'default').")
        parser.add_argument("--scope", action="append", dest="scopes", metavar="SCOPE", choices=scopes.ALL, help="Repeat for several.")
        parser.add_argument("--expires-in-days", type=int, metavar="DAYS", help="The token stops working after this many days.")
        parser.add_argument("--revoke", action="store_true", help="Revoke the token called --name (with --all: every token).")
        parser.add_argument("--all", action="store_true", help="With --revoke: all of the user's tokens.")
        parser.add_argument("--list", action="store_true", help="List the user's tokens (never their keys).")

    @transaction.atomic
    def handle(self, *args, username: str, name: str, scopes: list[str] | None, expires_in_days: int | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}. Create the account first (Django admin or createsuperuser).")
        if options["list"]:
            return self._list(user)
        if options["revoke"]:
            tokens = ApiToken.objects.usable().filter(user=user)
            if not options["all"]:
                tokens = tokens.filter(name=name)
            revoked = tokens.update(revoked_at=timezone.now())
            self.stderr.write(f"Revoked {revoked} API token(s) of {username}." if revoked else f"{username} had no such token.")
            return
        if not user.is_active:
            raise CommandError(f"{username} is not active; an inactive user's token would be refused.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
        replaced = ApiToken.objects.usable().filter(user=user, name=name).exists()
        try:
            token, key = ApiToken.objects.issue(user=user, name=name, scopes=scopes or self._all(), expires_at=expires_at)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        # The key alone on stdout, so that scripts can capture it: TOKEN=$(manage.py api_token alice)
        self.stdout.write(key)
        self.stderr.write(
            f"{'Replaced' if replaced else 'Created'} API token {token.name!r} of {username} "
            f"(scopes: {', '.join(token.scopes)}{', expires ' + f'{token.expires_at:%Y-%m-%d %H:%M}' if token.expires_at else ''}). "
            "Keep it secret: it is shown only now."
        )

    @staticmethod
    def _all() -> list[str]:
        return list(scopes.ALL)

    def _list(self, user) -> None:
        for token in ApiToken.objects.filter(user=user):
            state = "revoked" if token.revoked_at else ("expired" if not token.is_usable else "live")
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(f"{token.prefix}…  {token.name:<24} {state:<8} used {used:<16} {' '.join(token.scopes)}")
