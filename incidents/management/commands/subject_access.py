import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from incidents import subject_access


class Command(BaseCommand):
    help = "Export everything held about one person (a patient by NHS number, or a staff member by username) as JSON."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--nhs-number")
        who.add_argument("--username")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, nhs_number, username, output, **options):
        try:
            data = subject_access.for_patient(nhs_number=nhs_number) if nhs_number else subject_access.for_staff(username=username)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
        text = json.dumps(data, indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(f"Written to {output}")
        else:
            self.stdout.write(text)
