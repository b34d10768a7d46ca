from hypothesis import given
from hypothesis import strategies as st

from learning.classifier.normalise import Normaliser, load_abbreviations


def test_abbreviations_expand_as_whole_words_only():
    n = Normaliser.default()
    assert n("Pt found on floor, obs NAD") == "patient found on floor, observations nothing abnormal detected"
    # "pt" inside another word, or "ed" as a suffix, is left alone
    assert n("Ptosis noted, patient edited notes") == "ptosis noted, patient edited notes"


def test_longest_abbreviation_wins_and_punctuation_is_kept():
    n = Normaliser.default()
    assert n("Pt's TTOs not ready in A&E.") == "patient's discharge medicines not ready in emergency department."


def test_digits_are_masked_so_times_and_doses_do_not_become_features():
    n = Normaliser.default()
    assert n("Enoxaparin 40mg due 18:00, bed 14") == "enoxaparin 00mg due 00:00, bed 00"


def test_options_round_trip_so_a_saved_model_normalises_the_same_way():
    n = Normaliser(abbreviations={"pt": "patient"}, lowercase=False, mask_digits=False)
    again = Normaliser.from_dict(n.to_dict())
    assert again("Pt in bed 4") == n("Pt in bed 4") == "patient in bed 4"


def test_project_table_has_no_comment_keys_or_upper_case():
    table = load_abbreviations()
    assert table["pt"] == "patient" and table["obs"] == "observations"
    assert all(key == key.lower() and not key.startswith("_") for key in table)


@given(st.text(max_size=300))
def test_normalising_never_fails_and_is_stable(text):
    n = Normaliser.default()
    once = n(text)
    assert once == once.strip()
    assert "  " not in once
    assert not any(ch.isdigit() and ch != "0" for ch in once if ch.isascii())
