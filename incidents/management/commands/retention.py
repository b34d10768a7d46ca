from django.core.management.base import BaseCommand

from incidents import retention


class Command(BaseCommand):
    help = "Show what the retention policy would remove; with --apply, remove it."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Carry out the plan (default: report only).")

    def handle(self, *args, apply, **options):
        steps = retention.apply() if apply else [step for step, _ in retention.plan()]
        verb = "Removed" if apply else "Would remove"
        for step in steps:
            self.stdout.write(f"{verb} {step.count} {step.description}")
        if not apply:
            self.stdout.write("Nothing was changed. Run with --apply to carry this out.")
