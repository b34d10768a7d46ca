"""`manage.py themes_train`: train a new versioned theme model from the corpus and confirmed themes."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning import selectors, services
from learning.classifier import corpus
from learning.classifier.metrics import format_table
from learning.classifier.model import model_exists, model_root
from learning.classifier.normalise import Normaliser
from learning.classifier.training import CONFIG_PATH, train_model
from learning.models import Theme


class Command(BaseCommand):
    help = (
        "Train the theme classifier (spaCy) and its TF-IDF baseline on the corpus in learning/corpus plus the "
        "themes safety leads confirmed, tune per-theme thresholds on the development split, score both on the "
        "held-out test split, and write a new versioned model directory that becomes the one in use."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="Do nothing if a model is already in use.")
        parser.add_argument("--no-database", action="store_true", help="Corpus only: leave out confirmed themes from the database.")
        parser.add_argument("--config", default=str(CONFIG_PATH), help="spaCy training config (default: learning/classifier/config.cfg).")
        parser.add_argument("--output", default=None, help="Directory for model versions (default: LEARNING['MODEL_DIR']).")
        parser.add_argument("--max-epochs", type=int, default=None, help="Override training.max_epochs, e.g. 2 for a quick trial.")
        parser.add_argument("--no-activate", action="store_true", help="Write the model but keep the current one in use.")
        parser.add_argument("--verbose-training", action="store_true", help="Show spaCy's training log.")
        parser.add_argument("--backfill", action="store_true", help="Afterwards, classify incidents that have no suggestions yet (as themes_backfill).")

    def handle(self, *args, if_missing, backfill, **options):
        if if_missing and model_exists():
            self.stdout.write("A theme model is already in use; not training (drop --if-missing to train a new one).")
        else:
            self._train(**options)
        if backfill:
            result = services.classify_pending()
            self.stdout.write(f"Classified {result.classified} incident(s) waiting for suggestions ({result.failed} failed).")

    def _train(self, *, no_database, config, output, max_epochs, no_activate, verbose_training, **options):
        self.stdout.write("Training the theme classifier (about six minutes on two cores)...")
        themes = list(Theme.objects.filter(active=True).values_list("slug", flat=True))
        if not themes:
            raise CommandError("There are no active themes. Run migrate (it loads learning/data/taxonomy.json) or add themes in the admin.")
        examples = corpus.load_corpus()
        normaliser = Normaliser.default()
        confirmed = [] if no_database else selectors.confirmed_examples()
        examples = corpus.merge_confirmed(examples, confirmed, normaliser)
        from_db = sum(1 for e in examples if e.source.startswith("incident:"))
        self.stdout.write(
            f"Training on {len(corpus.of_split(examples, 'train'))} narratives ({from_db} from triage decisions; "
            f"{len(confirmed) - from_db} decisions skipped as their narrative is already in the corpus); "
            f"{len(corpus.of_split(examples, 'dev'))} for tuning, {len(corpus.of_split(examples, 'test'))} held out."
        )
        overrides = {"training.max_epochs": max_epochs} if max_epochs else {}
        try:
            result = train_model(
                examples=examples,
                themes=themes,
                output_root=Path(output) if output else model_root(),
                config_path=Path(config),
                overrides=overrides,
                normaliser=normaliser,
                make_current=not no_activate,
                log=self.stdout if verbose_training else None,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        test = result.metrics.get("test", {})
        for name in ("spacy", "baseline"):
            if name in test:
                self.stdout.write(format_table(test[name], title=f"\nHeld-out test split, {name}:"))
        self.stdout.write(self.style.SUCCESS(
            f"\nModel {result.version} written to {result.directory} in {result.seconds:.0f} s"
            + ("" if no_activate else " and now in use.")
        ))
