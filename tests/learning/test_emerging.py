"""Emerging terms: a new phrase that rises sharply is found; common words and chance differences are not."""
import datetime as dt
import json
import random
from pathlib import Path

import pytest

from learning.emerging import benjamini_hochberg, emerging_terms, extract_terms, find_emerging, fisher_greater
from learning.measures import IncidentFilter
from tests.factories import submit

CORPUS = Path(__file__).resolve().parents[2] / "learning" / "corpus"

TEMPLATES = [
    "Pt found on floor beside bed at {t}, unwitnessed fall. Obs stable, no injury seen, doctor informed.",
    "Enoxaparin dose due at {t} not given as patient off ward in CT. Picked up later by night staff.",
    "Category 2 pressure ulcer to sacrum noted on admission, photographed and TVN referral made.",
    "NEWS2 of 6 at {t} not escalated to the nurse in charge until the next round of observations.",
    "Syringe driver found not running at {t}, battery flat. Replaced and doctor informed.",
    "Discharge letter sent without the medication list; GP called the ward the next day.",
]


def synthetic(n, seed, extra=None, extra_every=None, prefix="B"):
    """n reports from the templates; every `extra_every`-th report also carries `extra`."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = rng.choice(TEMPLATES).format(t=f"{rng.randint(0, 23):02d}:{rng.choice(['00', '15', '30', '45'])}")
        if extra and extra_every and i % extra_every == 0:
            text += " " + extra
        out.append((f"{prefix}-{i:04d}", text))
    return out


# ------------------------------------------------------------------------------------------- terms


def test_terms_include_phrases_codes_names_with_numbers_and_drugs():
    terms = extract_terms(
        "The Zentrix pump XR-200 alarmed; gentamicin 80mg given late. Alaris 8100 checked. NHS no [NHS number]."
    )
    assert terms["zentrix pump"] == "phrase"
    assert terms["zentrix"] == "phrase"
    assert terms["xr-200"] == "code"
    assert terms["alaris 8100"] == "name_with_number"
    assert terms["gentamicin"] == "drug_like"
    assert "the" not in terms and "the zentrix" not in terms  # stopwords end a phrase
    assert "pump xr-200 alarmed" in terms  # codes join phrases
    assert not any("number" in t for t in terms if t != "nhs")  # redaction placeholders are not terms


def test_phrases_do_not_cross_punctuation_or_stopwords():
    terms = extract_terms("Bed rails up. Call bell in reach")
    assert "bed rails" in terms and "call bell" in terms
    assert "rails call" not in terms
    assert "bell reach" not in terms


# ------------------------------------------------------------------------------------------- statistics


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((3, 3, 0, 3), 1 / 20),  # all three hits among the three latest of six: C(3,3) C(3,0) / C(6,3)
        ((4, 4, 0, 4), 1 / 70),  # Fisher's lady tasting tea
        ((1, 1, 0, 1), 1 / 2),
        ((0, 10, 5, 10), 1.0),
        ((2, 4, 1, 4), 35 / 70),  # [C(3,2) C(5,2) + C(3,3) C(5,1)] / C(8,4) = (30 + 5) / 70
        ((1, 4, 2, 4), 65 / 70),  # 1 - C(3,0) C(5,4) / C(8,4)
    ],
)
def test_fisher_exact_upper_tail(args, expected):
    assert fisher_greater(*args) == pytest.approx(expected)


def test_benjamini_hochberg_by_hand():
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.2]) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2])


# ------------------------------------------------------------------------------------------- the comparison


def test_a_new_device_phrase_is_found_and_common_words_are_not():
    baseline = synthetic(300, seed=1, extra="Peripheral cannula tissued.", extra_every=20)  # 15 of 300: 5%
    latest = synthetic(100, seed=2, extra="Peripheral cannula tissued.", extra_every=5, prefix="L")  # 20 of 100
    problems = ["alarmed occlusion repeatedly", "stopped during the infusion", "screen went blank", "battery failed"]
    latest += [(f"Z-{i}", f"The Zentrix pump {problems[i % 4]}; infusion delayed.") for i in range(12)]
    latest += [(f"V-{i}", "Veltron monitor froze.") for i in range(4)]  # too few to judge
    report = find_emerging(latest, baseline)
    found = {t.term: t for t in report.terms}

    zentrix = found["zentrix pump"]
    assert (zentrix.latest_count, zentrix.baseline_count, zentrix.rate_ratio) == (12, 0, None)
    assert zentrix.examples == ["Z-0", "Z-1", "Z-10"]
    assert zentrix.q_value < 0.001
    assert "zentrix" not in found  # same counts as "zentrix pump": the longer phrase says more

    cannula = found["peripheral cannula tissued"]
    assert (cannula.latest_count, cannula.baseline_count) == (20, 15)
    assert cannula.rate_ratio == pytest.approx((20 / 116) / (15 / 300))  # 116 latest reports in all

    for common in ("floor", "fall", "doctor", "found", "dose", "syringe driver", "pressure ulcer"):
        assert common not in found
    assert not any("veltron" in t for t in found)
    assert report.latest_reports == 116 and report.baseline_reports == 300


def test_the_same_kind_of_reports_in_both_periods_give_nothing():
    assert find_emerging(synthetic(150, seed=3), synthetic(300, seed=4)).terms == []


def test_a_random_split_of_the_real_corpus_gives_nothing():
    rows = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        rows += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    random.Random(7).shuffle(rows)
    docs = [(f"C-{i}", text) for i, text in enumerate(rows)]
    report = find_emerging(docs[:500], docs[500:2000])
    assert report.terms_tested > 100
    assert report.terms == []


def test_options_are_checked():
    with pytest.raises(ValueError, match="min_count"):
        find_emerging([], [], min_count=0)


def test_nothing_to_compare_gives_an_empty_report():
    report = find_emerging(synthetic(10, seed=5), [])
    assert report.terms == [] and report.baseline_reports == 0


# ------------------------------------------------------------------------------------------- from the database


@pytest.mark.django_db
def test_emerging_terms_from_incidents(ward, other_ward):
    utc = dt.timezone.utc
    for i in range(40):
        submit(ward, occurred_at=dt.datetime(2024, 1 + i % 6, 3 + i % 20, 10, tzinfo=utc),
               narrative=TEMPLATES[i % len(TEMPLATES)].format(t="10:00"))
    latest_refs = []
    for i in range(8):
        incident = submit(ward, occurred_at=dt.datetime(2024, 7, 2 + i, 10, tzinfo=utc),
                          narrative=TEMPLATES[i % len(TEMPLATES)].format(t="11:00"),
                          devices=f"Zentrix pump ZX-40, serial {1000 + i}").incident
        latest_refs.append(incident.reference)
    submit(other_ward, occurred_at=dt.datetime(2024, 7, 20, 10, tzinfo=utc), devices="Zentrix pump ZX-40")

    report = emerging_terms(latest=(dt.date(2024, 7, 1), dt.date(2024, 7, 31)),
                            baseline=(dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
                            filters=IncidentFilter(locations=[ward]))
    assert report.latest_reports == 8 and report.baseline_reports == 40
    found = {t.term: t for t in report.terms}
    phrase = found["zentrix pump zx-40"]
    assert (phrase.latest_count, phrase.baseline_count) == (8, 0)
    assert set(phrase.examples) <= set(latest_refs) and len(phrase.examples) == 3
    assert "zentrix pump" not in found  # inside the longer phrase, with the same counts
    assert found["zx-40"].kind == "code"  # named patterns are kept even inside a phrase
    assert "floor" not in found


@pytest.mark.django_db
def test_emerging_terms_refuse_overlapping_windows():
    with pytest.raises(ValueError, match="overlap"):
        emerging_terms(latest=(dt.date(2024, 6, 1), dt.date(2024, 6, 30)),
                       baseline=(dt.date(2024, 1, 1), dt.date(2024, 6, 15)))
