"""Create, replace or revoke a user's API token."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = (
        "Print a new API token for USERNAME, replacing any token they had (the old one stops working at once). "
        "With --revoke, delete the user's token instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="Delete the user's token; print nothing else.")

    @transaction.atomic
    def handle(self, *args, username: str, revoke: bool, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}. Create the account first (Django admin or createsuperuser).")
        deleted, _ = Token.objects.filter(user=user).delete()
        if revoke:
            message = f"Revoked the API token of {username}." if deleted else f"{username} had no API token."
            self.stderr.write(message)
            return
        if not user.is_active:
            raise CommandError(f"{username} is not active; an inactive user's token would be refused.")
        token = Token.objects.create(user=user)
        # The token alone on stdout, so that scripts can capture it: TOKEN=$(manage.py api_token alice)
        self.stdout.write(token.key)
        self.stderr.write(f"{'Replaced' if deleted else 'Created'} the API token of {username}. Keep it secret.")
