import json
from collections import Counter

from learning.classifier import corpus
from learning.classifier.normalise import Normaliser


def test_split_is_fixed_disjoint_and_about_70_15_15():
    first, second = corpus.load_corpus(), corpus.load_corpus()
    assert [(e.source, e.split) for e in first] == [(e.source, e.split) for e in second]
    counts = Counter(e.split for e in first if not corpus.is_train_only(e.source))
    total = sum(counts.values())
    assert abs(counts["test"] / total - 0.15) < 0.01
    assert abs(counts["dev"] / total - 0.15) < 0.01
    texts = {split: {e.text for e in first if e.split == split} for split in corpus.SPLITS}
    assert not texts["test"] & texts["train"] and not texts["test"] & texts["dev"] and not texts["dev"] & texts["train"]


def test_every_theme_and_every_writer_is_in_each_split():
    examples = corpus.load_corpus()
    for split in corpus.SPLITS:
        chosen = corpus.of_split(examples, split)
        assert len({t for e in chosen for t in e.themes}) == 15, split
        assert {e.source.split(":")[0] for e in chosen} >= {f"narratives_{i}.jsonl" for i in range(1, 5)}


def test_adding_lines_to_one_file_does_not_move_another_files_lines():
    rows = [{"text": f"narrative {i}", "themes": ["falls"] if i % 2 else ["medication"]} for i in range(40)]
    before = {e.source: e.split for e in corpus.split_file(rows, "a.jsonl")}
    other = corpus.split_file([{"text": "x", "themes": []}] * 3, "b.jsonl")
    assert {e.source: e.split for e in corpus.split_file(rows, "a.jsonl")} == before
    assert all(e.source.startswith("b.jsonl") for e in other)


def test_train_only_files_never_reach_dev_or_test(tmp_path):
    (tmp_path / "narratives_1.jsonl").write_text('{"text": "pt fell", "themes": ["falls"]}\n' * 1)
    (tmp_path / "narratives_5.jsonl").write_text("".join(f'{{"text": "extra {i}", "themes": ["falls"]}}\n' for i in range(30)))
    (tmp_path / "narratives_123.jsonl").write_text("".join(f'{{"text": "later {i}", "themes": ["falls"]}}\n' for i in range(30)))
    examples = corpus.load_corpus(tmp_path)
    assert {e.split for e in examples if e.source.startswith(("narratives_5", "narratives_123"))} == {"train"}
    assert not corpus.is_train_only("narratives_4.jsonl:7") and corpus.is_train_only("narratives_15.jsonl:7")


def test_the_held_out_split_is_the_four_original_writers_and_the_independent_set_is_not_in_the_corpus():
    examples = corpus.load_corpus()
    held_out = {e.source.split(":")[0] for e in examples if e.split in ("dev", "test")}
    assert held_out == {f"narratives_{i}.jsonl" for i in range(1, 5)}
    assert len(corpus.of_split(examples, "test")) == 332  # frozen in split.json; later writers only train
    for name in (f"themes_blind_{n}.jsonl" for n in range(1, 8)):
        independent = {row["text"] for row in corpus.read_jsonl(corpus.CORPUS_DIR.parent / "data" / name)}
        assert len(independent) == 300 and not independent & {e.text for e in examples}, name


def test_confirmed_incidents_cannot_leak_held_out_narratives_into_training():
    examples = corpus.load_corpus()
    held_out = corpus.of_split(examples, "test")[0]
    confirmed = [
        corpus.Example(text=held_out.text.upper() + "  ", themes=held_out.themes, source="incident:INC-1"),
        corpus.Example(text="A brand new report about a fall in the garden", themes=("falls",), source="incident:INC-2"),
    ]
    merged = corpus.merge_confirmed(examples, confirmed, Normaliser.default())
    added = merged[len(examples):]
    assert [e.source for e in added] == ["incident:INC-2"]
    assert added[0].split == "train"


def test_read_labelled_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok", "themes": ["falls"]}\n{"text": "no list", "themes": "falls"}\n')
    try:
        corpus.read_labelled(path)
    except ValueError as exc:
        assert "row 2" in str(exc)
    else:
        raise AssertionError("a row whose themes are not a list was accepted")


def test_frozen_split_keeps_every_line_in_its_split_when_labels_are_corrected(tmp_path):
    rows = [{"text": f"narrative {i}", "themes": ["falls"] if i % 3 else ["medication"]} for i in range(60)]
    path = tmp_path / "narratives_1.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    by_rule = corpus.load_corpus(tmp_path)
    frozen = {split: [corpus.text_key(e.text) for e in by_rule if e.split == split] for split in ("dev", "test")}
    (tmp_path / corpus.SPLIT_FILE).write_text(json.dumps({"narratives_1.jsonl": frozen}))
    for row in rows[:10]:
        row["themes"] = ["medication", "communication"] if "falls" in row["themes"] else ["falls"]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + json.dumps({"text": "a new line", "themes": ["falls"]}) + "\n")
    # Without the frozen lists the relabelled file would be split differently.
    assert [e.split for e in corpus.split_file(rows, "narratives_1.jsonl")] != [e.split for e in by_rule]
    after = corpus.load_corpus(tmp_path)
    assert [e.split for e in after[:60]] == [e.split for e in by_rule]
    assert after[60].split == "train" and after[0].themes != by_rule[0].themes


def test_shipped_frozen_split_matches_the_corpus():
    frozen = json.loads((corpus.CORPUS_DIR / corpus.SPLIT_FILE).read_text())
    examples = corpus.load_corpus()
    for name in (f"narratives_{i}.jsonl" for i in range(1, 5)):
        keys = {corpus.text_key(e.text): e.split for e in examples if e.source.startswith(name + ":")}
        for split in ("dev", "test"):
            assert all(keys.get(key) == split for key in frozen[name][split]), (name, split)


def test_two_second_readings_of_the_held_out_split_agree_with_its_labels_at_about_0_9():
    """learning/data/heldout_second_readings.jsonl: the held-out narratives labelled again from the definitions
    alone by two readers who never saw the corpus labels (docs/learning.md, "How far a reader agrees")."""
    from learning.classifier.metrics import evaluate_sets

    test = {corpus._digest(e.text): e.themes for e in corpus.of_split(corpus.load_corpus(), "test")}
    rows = list(corpus.read_jsonl(corpus.CORPUS_DIR.parent / "data" / "heldout_second_readings.jsonl"))
    assert sorted(r["text_sha1"] for r in rows) == sorted(test)
    slugs = [t["slug"] for t in json.loads((corpus.CORPUS_DIR.parent / "data" / "taxonomy.json").read_text())]
    gold = [test[r["text_sha1"]] for r in rows]
    agreement = {
        reader: round(evaluate_sets(gold, [r[reader] for r in rows], slugs)["macro_f1"], 3)
        for reader in ("reader_a", "reader_b")
    }
    assert agreement == {"reader_a": 0.901, "reader_b": 0.906}
