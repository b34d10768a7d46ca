from django.core.management.base import BaseCommand, CommandError

from incidents.models import Incident
from learning import demo


class Command(BaseCommand):
    help = "Load a realistic demo trust: sites, wards, users for every role and three years of incidents."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=2400, help="How many incidents to create (default 2400).")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if incidents already exist.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for a repeatable demo.")

    def handle(self, *args, count, if_empty, seed, **options):
        if Incident.objects.exists():
            if if_empty:
                self.stdout.write("Demo data already loaded; leaving it as it is.")
                self._print_accounts(demo.build_users())
                return
            raise CommandError("Incidents already exist. Use a fresh database, or --if-empty to skip.")
        try:
            result = demo.seed(count=count, seed_value=seed)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {result['incidents']} demo incidents."))
        self._print_accounts(result["accounts"])

    def _print_accounts(self, accounts):
        self.stdout.write("Demo accounts (password for all: %s):" % demo.DEMO_PASSWORD)
        for account in accounts:
            self.stdout.write(f"  {account['username']:<16} {account['role']:<24} {account['title']}")
