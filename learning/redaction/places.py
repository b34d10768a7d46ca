"""Hospitals that staff name like people ("John Radcliffe", "Alder Hey", "William Harvey"), for the name vetoes
in learning.redaction.vetoes.

Two tests, so that a hospital missing from the list is still caught in the usual phrasing: the words are a
hospital known by a person's or place's name without the word "Hospital", or they follow a transfer
("transferred to Castle Hill", "conveyed to Derriford").
"""
from __future__ import annotations

from spacy.tokens import Doc

# NHS hospitals and units commonly written without "Hospital" whose names read as a person's or are built from
# given names and surnames; lower case, apostrophes dropped. Royal and saints' names are vetoed elsewhere. One
# word only where it is no one's name ("Derriford", not "Christie" or "Lister").
HOSPITALS = frozenset({
    "john radcliffe", "alder hey", "castle hill", "william harvey", "james cook", "great ormond street",
    "addenbrookes", "the christie", "walton centre", "frimley park", "derriford", "ninewells", "morriston",
    "broomfield", "pinderfields", "whiston", "aintree", "arrowe park", "wythenshawe", "stepping hill", "tameside",
    "russells hall", "good hope", "new cross", "walsgrave", "glenfield", "musgrove park", "treliske", "southmead",
    "frenchay", "stoke mandeville", "wexham park", "harefield", "papworth", "moorfields", "maudsley", "broadmoor",
    "rampton", "ashworth", "altnagelvin", "craigavon", "raigmore", "hairmyres", "monklands", "crosshouse",
    "withybush", "glangwili", "bronglais", "ysbyty gwynedd", "glan clwyd", "wrexham maelor", "nevill hall",
    "bassetlaw", "hallamshire", "northern general", "charing cross", "homerton", "heartlands", "selly oak",
    "airedale", "furness general", "fairfield general", "watford general", "kettering general",
    "barnet general", "lincoln county", "diana princess of wales", "jessop wing", "liverpool womens",
    "chelsea and westminster", "salford royal", "sunderland royal", "darent valley", "royal stoke",
    "florence nightingale", "mary seacole", "kings mill", "james paget", "daisy hill", "ulster", "sue ryder",
    "blackpool vic",
})
# Words before "to" or "from" that make what follows a place ("transferred to", "conveyed to", "repatriated
# from"); "handed over to" or "spoke to" keep a person.
TRANSFER_WORDS = frozenset({
    "transferred", "transfer", "transfered", "conveyed", "repatriated", "repatriation", "diverted", "blue-lighted",
    "admitted", "retrieved",
})


def _key(doc: Doc, start: int, end: int) -> str:
    return " ".join(t.lower_.replace("'s", "").replace("'", "").replace("’", "") for t in doc[start:end]).strip()


def is_hospital(doc: Doc, first: int, end: int, *, transfer: bool = True) -> bool:
    """Whether doc[first:end] is (part of) a hospital's name or, with `transfer`, follows a transfer to or from
    somewhere."""
    for start in range(max(0, first - 2), first + 1):
        for stop in range(max(start + 1, first + 1), min(len(doc), start + 5) + 1):
            if _key(doc, start, stop) in HOSPITALS and stop > first:
                return True
    if transfer and first >= 2 and doc[first - 1].lower_ in ("to", "from") and doc[first - 2].lower_ in TRANSFER_WORDS:
        return True
    return False
