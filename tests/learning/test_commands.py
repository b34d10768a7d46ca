"""The management commands: train, evaluate, classify, backfill, redact, redact_evaluate."""
import io
import json

import pytest
from django.core.management import CommandError, call_command

from learning.classifier import model as model_module
from tests.learning.conftest import small_corpus


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def labelled(tmp_path):
    path = tmp_path / "labelled.jsonl"
    rows = [
        {"text": "Pt found on floor beside bed, unwitnessed fall", "themes": ["falls"]},
        {"text": "Insulin given twice, BMs monitored", "themes": ["medication"]},
        {"text": "Relative shouted at staff and pushed the nurse", "themes": ["violence_aggression", "made_up_theme"]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


@pytest.mark.django_db
def test_evaluate_prints_one_json_object_for_both_models(theme_model, labelled):
    result = json.loads(run("themes_evaluate", str(labelled), "--json"))
    assert {"macro_f1", "micro_f1", "per_theme", "baseline"} <= set(result)
    assert {"macro_f1", "micro_f1", "per_theme"} <= set(result["baseline"])
    assert result["model_version"] == theme_model.version and result["unknown_themes"] == ["made_up_theme"]
    assert result["per_theme"]["falls"]["support"] == 1


@pytest.mark.django_db
def test_evaluate_tables_and_held_out_split(theme_model, labelled):
    text = run("themes_evaluate", str(labelled))
    assert "spaCy:" in text and "Baseline" in text and "macro F1" in text
    assert json.loads(run("themes_evaluate", "--split", "test", "--json"))["examples"] == 332
    with pytest.raises(CommandError, match="one of the two"):
        run("themes_evaluate")


@pytest.mark.django_db
def test_classify_writes_one_line_per_input_line_in_order(theme_model, monkeypatch):
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(["pt fell in bay", "wrong drug given", ""]))
    out = [json.loads(line) for line in run("themes_classify", "-", stdin=lines, monkeypatch=monkeypatch).splitlines()]
    assert [row["id"] for row in out] == [0, 1, 2]
    for row in out:
        assert set(row["themes"]) == set(theme_model.labels)
        assert all(row["themes"][slug] >= theme_model.thresholds[slug] for slug in row["assigned"])


@pytest.mark.django_db
def test_classify_names_a_bad_line(theme_model, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\nnot json\n')
    with pytest.raises(CommandError, match=":2: not valid JSON"):
        run("themes_classify", str(path))


@pytest.mark.django_db
def test_commands_say_how_to_get_a_model(no_model, labelled):
    for args in (("themes_classify", str(labelled)), ("themes_evaluate", str(labelled)), ("themes_backfill",)):
        with pytest.raises(CommandError, match="themes_train"):
            run(*args)


@pytest.mark.django_db
def test_train_writes_a_new_current_model_and_if_missing_skips(no_model, settings, monkeypatch):
    subset = small_corpus()
    monkeypatch.setattr("learning.classifier.corpus.load_corpus", lambda: subset)
    text = run("themes_train", "--no-database", "--max-epochs", "1")
    assert "Held-out test split, spacy:" in text and "Held-out test split, baseline:" in text
    version = model_module.current_model_dir().name
    assert f"Model {version}" in text and model_module.model_exists()
    assert "not training" in run("themes_train", "--if-missing")
    assert model_module.current_model_dir().name == version


@pytest.mark.django_db
def test_redact_command_keeps_ids_and_uses_known(monkeypatch):
    lines = json.dumps({"id": "a", "text": "Mrs Green rang on 07700 900461", "known": []}) + "\n" + json.dumps({"id": "b", "text": "edna fell", "known": ["Edna Crossley"]})
    out = [json.loads(line) for line in run("redact", "-", stdin=lines, monkeypatch=monkeypatch).splitlines()]
    assert out == [{"id": "a", "text": "Mrs [name] rang on [phone]"}, {"id": "b", "text": "[name] fell"}]


def test_redact_evaluate_reports_every_type():
    result = json.loads(run("redact_evaluate", "--json"))
    assert set(result["per_type"]) == {"NHS_NUMBER", "HOSPITAL_NUMBER", "DOB", "PHONE", "EMAIL", "POSTCODE", "ADDRESS", "NAME"}
    assert "NAME" in run("redact_evaluate", "--split", "blind")
