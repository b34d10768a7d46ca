import nhs_number
import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidents.privacy import NHS_NUMBER_PLACEHOLDER, normalise_nhs_number, redact_text

VALID = nhs_number.generate(quantity=20)


@pytest.mark.parametrize("raw", ["943 476 5919", "943-476-5919", "9434765919", " 9434765919 "])
def test_nhs_number_formats_normalise(raw):
    assert normalise_nhs_number(raw) == "9434765919"


@pytest.mark.parametrize(
    ("raw", "message"),
    [("123", "10 digits"), ("94347659ab", "10 digits"), ("9434765918", "check digit"), ("94347659199", "10 digits")],
)
def test_invalid_nhs_numbers_explain_themselves(raw, message):
    with pytest.raises(ValueError, match=message):
        normalise_nhs_number(raw)


@given(st.text(max_size=40))
def test_normalise_never_fails_with_anything_but_value_error(raw):
    try:
        result = normalise_nhs_number(raw)
    except ValueError:
        return
    assert result == "" or (len(result) == 10 and nhs_number.is_valid(result))


@pytest.mark.parametrize("number", VALID)
def test_redaction_removes_valid_nhs_numbers_in_any_grouping(number):
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    text = f"pt NHS no {spaced} and again {number}."
    out = redact_text(text)
    assert number not in out.replace(" ", "")
    assert out.count(NHS_NUMBER_PLACEHOLDER) == 2


def test_redaction_keeps_other_numbers_and_known_identifiers_go():
    text = "Bleep 1234, phone ext 4455, hosp no RX998877 in notes"
    out = redact_text(text, known=["RX998877"])
    assert "1234" in out and "4455" in out
    assert "RX998877" not in out
