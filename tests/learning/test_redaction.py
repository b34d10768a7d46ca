"""The redactor: each identifier type, the clinical text it must leave alone, and the marked evaluation set."""
import datetime as dt

import nhs_number
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learning.redaction import find_identifiers, redact
from learning.redaction.evaluation import EVAL_FILE, load_cases, parse_marked, score
from tests.support.fuzz import examples


@pytest.mark.parametrize(
    "text, expected",
    [
        ("NHS no 943 476 5919 on the form", "NHS no [NHS number] on the form"),
        ("nhs:9434765919.", "nhs:[NHS number]."),
        ("NHS number 1234567890 written on the request", "NHS number [NHS number] written on the request"),
        ("Hospital number RX1234567 on band", "Hospital number [hospital number] on band"),
        ("MRN 20458831 wrong", "MRN [hospital number] wrong"),
        ("DOB 01/02/1938 on wristband", "DOB [date of birth] on wristband"),
        ("d.o.b. 3rd of March 1952.", "d.o.b. [date of birth]."),
        ("born 1940-02-28 in Leeds", "born [date of birth] in Leeds"),
        ("Son rang on 07700 900461.", "Son rang on [phone]."),
        ("Call (0113) 496 0981 or +44 (0)161 496 0000", "Call [phone] or [phone]"),
        ("email peter.smith@example.com now", "email [email] now"),
        ("Lives at 14 Acacia Avenue, Leeds LS1 4AP.", "Lives at [address] [postcode]."),
        ("Flat 2B, 40 Regent Street, ls7 2ae", "[address], [postcode]"),
        ("Seen by Mr Harold Bennett and Dr A. Khan", "Seen by Mr [name] and Dr [name]"),
        ("Pt Mrs Doyle-Harper in bed 4", "Pt Mrs [name] in bed 4"),
        ("daughter Chidinma upset", "daughter [name] upset"),
        ("Spoke to Margaret on the phone", "Spoke to [name] on the phone"),
        ("known as Danny to staff", "known as [name] to staff"),
    ],
)
def test_each_identifier_type_gets_its_placeholder(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Enoxaparin 40mg SC due 18:00 omitted; given 23:30.",
        "Obs at 0200 0400 0600: BP 88/50, HR 130, RR 26, sats 89% on 2L O2, temp 38.9, NEWS2 7, GCS 14 (E4 V4 M6).",
        "Bay 3 bed 2 to Ward 7 Respiratory at 02:10. Room 12 window lock broken.",
        "Mr Bump sign not above bed. Dr on call informed. Patient Safety Team aware.",
        "Vitamin B12 1mg IM at 09:00 and T2 4mg. x2 4hr. Insulin 14 units instead of 4 units.",
        "INR 6.2 on 14/05, dose not held. Lactate 4.2. K 6.8 on gas at 03:15. Pts Hb 62.",
        "Infusion pump serial no 1804452 failing; estates job number 558213; bleep 2345; ext 4471.",
        "Walked 2 miles down the road. Gave 2 bags in the park. Mum has MS. Young carers service.",
        "Only 2 RNs for 28 pts on nights. 11 crews waiting. Twin 2 born at 34+2 weeks.",
    ],
)
def test_clinical_text_is_left_alone(text):
    assert redact(text) == text


def test_the_records_own_identifiers_are_removed_in_any_case_or_grouping():
    text = "found edna on the floor; crossley family told. Band RX 6620034, nhs 421 387 6500."
    out = redact(text, known=["Edna Crossley", "RX6620034", "4213876500"])
    assert out == "found [name] on the floor; [name] family told. Band [hospital number], nhs [NHS number]."


def test_findings_do_not_overlap_and_are_in_order():
    found = find_identifiers("Mr John Smith DOB 01/02/1938 NHS 943 476 5919 tel 07700 900461")
    assert [f.label for f in found] == ["NAME", "DOB", "NHS_NUMBER", "PHONE"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def _grouped(digits: str, draw_sep) -> str:
    cuts = (3, 6) if draw_sep[0] else (4, 7)
    sep = draw_sep[1]
    return digits[: cuts[0]] + sep + digits[cuts[0] : cuts[1]] + sep + digits[cuts[1] :]


@settings(max_examples=examples(150), deadline=None)
@given(st.integers(min_value=400_000_000, max_value=799_999_999), st.tuples(st.booleans(), st.sampled_from(["", " ", "-"])), st.sampled_from(["Pt ", "number: ", "(", "NHS no "]))
def test_any_valid_nhs_number_is_redacted_however_it_is_written(prefix9, grouping, before):
    check = next((d for d in "0123456789" if nhs_number.is_valid(f"{prefix9}{d}")), None)
    if check is None:
        return  # this prefix has no valid check digit (remainder 10)
    digits = f"{prefix9}{check}"
    out = redact(f"{before}{_grouped(digits, grouping)} seen today")
    assert digits not in out.replace(" ", "").replace("-", "") and "[NHS number]" in out


@settings(max_examples=examples(150), deadline=None)
@given(st.integers(0, 23), st.integers(0, 59), st.integers(1, 999), st.sampled_from(["mg", "ml", "units", "mcg", "mmol", "kg"]), st.integers(1, 40))
def test_times_doses_and_bed_numbers_are_never_redacted(hour, minute, dose, unit, bed):
    text = f"Given {dose}{unit} at {hour:02d}:{minute:02d} and again at {hour:02d}{minute:02d}, bed {bed}, bay {bed % 9 + 1}."
    assert redact(text) == text


def test_recent_dates_are_kept_but_a_date_after_a_dob_cue_is_not():
    recent = (dt.date.today() - dt.timedelta(days=30)).strftime("%d/%m/%Y")
    assert redact(f"Admitted on {recent} with chest pain") == f"Admitted on {recent} with chest pain"
    assert redact(f"Baby DOB {recent}, feeding well") == "Baby DOB [date of birth], feeding well"


def test_marked_narratives_parse_to_text_and_spans():
    text, gold = parse_marked("Pt Mr [[name:Harold Bennett]] NHS [[nhs_number:943 476 5919]].")
    assert text == "Pt Mr Harold Bennett NHS 943 476 5919."
    assert [(text[g.start : g.end], g.label) for g in gold] == [("Harold Bennett", "NAME"), ("943 476 5919", "NHS_NUMBER")]


@pytest.mark.parametrize(
    "path, size",
    [
        (EVAL_FILE, 150),
        # Written blind, scored once (NAME recall 0.878), then the rules were generalised against its misses:
        # a regression check now, no longer a blind measurement.
        (EVAL_FILE.parent / "redaction_blind_2.jsonl", 250),
        # Likewise blind_3, and blind_4 (scored at NAME recall 0.890, DOB 0.957 before its misses were generalised).
        (EVAL_FILE.parent / "redaction_blind_3.jsonl", 250),
        (EVAL_FILE.parent / "redaction_blind_4.jsonl", 250),
        # blind_5, scored once (NHS number 0.963, DOB 0.959, phone 0.957, NAME 0.956) before its misses were
        # generalised: NHS numbers and dates of birth straight after a name, a phone in brackets, initials.
        (EVAL_FILE.parent / "redaction_blind_5.jsonl", 250),
        # blind_6, scored once (DOB 0.962, NAME 0.954, hospital number 0.900) before its misses were generalised:
        # two-digit years and ages among a name's details, trust codes with a digit, Welsh streets, names after
        # "bed N", ages and community roles, nicknames, capitals surnames, joined Arabic particles.
        (EVAL_FILE.parent / "redaction_blind_6.jsonl", 250),
        # blind_13, scored once (names 0.956, addresses 0.896, hospital numbers 0.931; two clean narratives
        # touched) before its misses were generalised: titles and cues, lower-case names, house names, crofts.
        (EVAL_FILE.parent / "redaction_blind_13.jsonl", 250),
    ],
)
def test_evaluation_set_meets_the_recall_targets(path, size):
    cases = load_cases(path)
    assert len(cases) >= size
    result = score(cases, find_identifiers)
    per_type = result["per_type"]
    for label in ("NHS_NUMBER", "DOB", "PHONE", "POSTCODE"):
        assert per_type[label]["recall"] >= 0.98, (label, per_type[label], result["misses"])
    assert per_type["NAME"]["recall"] >= 0.9
    assert result["overall"]["precision"] >= 0.95, result["false_positives"]
    assert result["clean_with_redaction"] == 0


def test_configured_redactor_is_this_one_and_governance_reads_placeholders(settings):
    from incidents import privacy

    assert settings.VIGIL["REDACTOR"] == "learning.redaction.redact"
    privacy._configured_redactor.cache_clear()
    out = privacy.redact("Mrs Green (DOB 01/02/1938) rang from 07700 900461", known=["RX123456"])
    assert out == "Mrs [name] (DOB [date of birth]) rang from [phone]"
