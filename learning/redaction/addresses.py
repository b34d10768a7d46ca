"""Street addresses: a house number and a street, named houses, flats and units in named buildings, farms, crofts,
sites, boats, with the town after them where it is written. `find_addresses` yields Found(start, end, ADDRESS).

Split from learning.redaction.patterns (the shaped identifiers) in November 2026, when that module passed 900
lines; the rules are unchanged by the move.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .lexicon import ORGANISATION_WORDS
from .patterns import ADDRESS, Found
from .places import HOSPITALS, TRANSFER_WORDS
from .words import common_words, first_names


# --- Street addresses ---------------------------------------------------------------------------------------
_STREET_TYPES = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|way|crescent|court|place|gardens|grove|terrace|hill|"
    "park|view|walk|square|mews|row|rise|green|parade|gate|fold|croft|vale|boulevard|wynd|brow|bank|pleasant|"
    "brae|hey|nook|chase|heights|ridge|approach|meadow|meadows|paddock|dene|garth|lea|wharf|quay|yard|hollow|"
    "dale|circus|esplanade|promenade|embankment|glen|loan|drove|causeway|copse|spinney|orchard|link|links|"
    "cottages|villas|buildings|gdns|estate|quays|side|"
    # regional words for a lane ("Two Ball Lonnen", "Broad Chare", "Kirk Vennel", "Mill Loaning")
    "lonnen|chare|vennel|loaning|twitten"
)
# A numbered street named with "The" ("5 The Green", "2 The Paddocks", "14 The Old Maltings"): a capital "The"
# after a number is written only so. The type, capitalised, may be a street type or a plural such closes take.
_THE_STREET = re.compile(
    r"(?<![\w/])\d{1,4}[a-z]?\s+The\s+(?:[A-Z][a-z'-]+\s+){0,2}"
    rf"(?=[A-Z])(?i:{_STREET_TYPES}|paddocks|laurels|limes|beeches|willows|maltings|moorings|glebe|dell|oaks|elms)\b"
)
# Welsh and Scottish streets put the type first ("3 Heol Y Bryn", "12 Ffordd Las"): road, street, lane, avenue,
# court and close, and the words for field, hill, grove, park, slope, house and "top of" that Welsh streets
# are named with ("3 Cae Mawr", "7 Bryn Awel", "2 Pen-y-Bryn"), then one or more capitalised words or articles.
_WELSH_STREET = (
    # ("19 Y Wern": a street named with the article alone)
    # (and the Cornish for a mine working, which names streets: "4 Wheal Agar")
    r"(?:Heol|Ffordd|Stryd|Lon|Lôn|Rhodfa|Maes|Cwrt|Clos|Cae|Bryn|Llwyn|Llys|Parc|Rhiw|Ty|Tŷ|Wheal|Pen(?=-y|\sy)"
    r"|Tan(?=\sy|\syr)|Y(?=\s[A-Z]))"
    r"(?:(?:\s+|-)(?:[A-Z][a-z'ŵŷâêîôû-]+|Y|Yr|Y'r|y|yr)(?![\w]))+"
)
# A house number: "14", "14a", a range ("12-14") or a Scottish stair and flat ("21/4 Caledonian Crescent").
_HOUSE_NUMBER = r"\d{1,4}(?:/\d{1,2}|-\d{1,4})?[a-z]?"
# Scottish Gaelic streets put the type first too ("17 Cnoc an Ròin", "4 Sràid na h-Eaglais", "2 Rathad a' Chladaich").
_GAELIC_STREET = (
    r"(?:Cnoc|Sràid|Sraid|Rathad|Druim|Baile|Achadh|Bruach|Ceann|Lòn|Lon|Cùl|Cul)"
    r"(?:\s+(?:an|na|nan|nam|a'|an\s+t-|na\s+h-)?\s*[A-ZÀÈÌÒÙ][a-zàèìòù'-]+)+"
)
_PREFIX_STREET = re.compile(rf"(?<![\w/]){_HOUSE_NUMBER},?\s+(?:{_WELSH_STREET}|{_GAELIC_STREET})")
# The Welsh words for road, street, lane, field and close typed in lower case ("2 maes y dderwen", "14 heol y
# plas"): no English word is written so.
_WELSH_STREET_LOWER = re.compile(
    rf"(?<![\w/]){_HOUSE_NUMBER},?\s+(?:heol|ffordd|stryd|maes|rhodfa|clos|cwrt|lôn)(?:\s+(?:y|yr))?"
    r"\s+[a-zŵŷâêîôû'-]{3,}\b"
)
_WELSH_STREET_WORDS = ("heol", "ffordd", "stryd", "maes", "rhodfa", "clos", "cwrt", "lôn")
# A flat in a block named with "the", in lower case ("flat 2 the maltings").
_FLAT_IN_THE = re.compile(
    r"(?<![\w/])(?:flat|apt|apartment)\s+\d{1,4}[a-z]?,?\s+the\s+[a-z][a-z'-]{2,}(?:\s+(?:court|house|buildings|mill))?\b"
)
# Words before a number that make it a bed, bay or room ("bed 3 Bryn Jones"), not a house.
_WARD_PLACES = r"bed|beds|bay|room|side\s+room|cubicle|ward"
_NOT_HOUSE_BEFORE = re.compile(rf"\b(?:{_WARD_PLACES}|level|floor|no|number|x)\.?\s*$", re.IGNORECASE)
# The same for an English street ("room 7, pls close"), without "no" and "number" ("lives at no 7 Acacia Road").
_WARD_PLACE_BEFORE = re.compile(rf"\b(?:{_WARD_PLACES})\.?\s*$", re.IGNORECASE)
# Named buildings: "Rosewood House", "Tennyson Court", "Sunnyside Care Home"; Welsh names put the word for
# house or hall first ("Ty Gwyn", "Plas Newydd"). The kinds are listed once, for the pattern and for the cheap
# test of whether a narrative names a building at all (_BUILDING_WORD).
_BUILDING_KINDS = (
    "House", "Lodge", "Court", "Manor", "Hall", "Cottage", "Farm", "Farmhouse", "Mill", "Grange", "Villa", "Mansions",
    "Tower", "Towers", "Heights", "Chambers", "Buildings", "Block", "Point", "Vicarage", "Rectory", "Bungalow", "Barn",
    "Hostel", "Works", "Wharf", "Warehouse", "Lofts", "Hotel",
)
_WELSH_HOUSE_WORDS = ("Ty", "Tŷ", "Plas", "Hafod", "Bwthyn", "Llys", "Cartref")
_BUILDING = (
    r"(?:(?:[A-Z][A-Za-z'-]+\s+(?:of\s+)?){1,3}(?:(?:Care|Nursing|Residential)\s+(?:Home|Centre)|"
    r"(?:House|Lodge)\s+(?:[Cc]are|[Nn]ursing)\s+[Hh]ome|"  # ("Roseland House care home")
    + "|".join(_BUILDING_KINDS)
    + r"|Holiday\s+(?:Park|Village)|[Cc]aravan\s+(?:[Pp]ark|[Ss]ite)|Supported\s+(?:Living|Housing)|"
    r"(?:[Tt]ravell?ers?'?\s+|Gypsy\s+)?[Ss]ite)"  # ("Marsh Lane site", "Mill Lane Gypsy site")
    rf"|(?:{'|'.join(_WELSH_HOUSE_WORDS)})(?:\s+[A-Z][a-z'-]+){{1,2}}"
    r"|YMCA|YWCA)"  # a hostel by its charity's name ("YMCA, Room 4, 12 Wellington Road")
)
_BUILDING_BEFORE = re.compile(_BUILDING + r"\s*,?\s+$")
_BUILDING_WORD = re.compile(
    r"\b(?:" + "|".join(
        _BUILDING_KINDS + _WELSH_HOUSE_WORDS
        # the last words of the kinds of more than one word
        + ("Home", "Centre", "Park", "Village", "Site", "site", "Living", "Housing", "YMCA", "YWCA")
    ) + r")\b"
)
# Streets whose type is part of one word ("Kingsway", "Ladywood Middleway", "Eastgate").
_ONE_WORD_STREET = r"(?:[A-Z][A-Za-z'-]+\s+){0,2}[A-Z][a-z]{2,}(?:way|gate)"
_NUMBERED_ONE_WORD_STREET = re.compile(rf"(?<![\w/]){_HOUSE_NUMBER},?\s+{_ONE_WORD_STREET}\b(?![\w'-])")
# A named building on a street written without a house number ("Redfern House, Lambeth Walk").
_BUILDING_ON_STREET = re.compile(
    rf"(?<![\w'-]){_BUILDING},\s+(?:(?:[A-Z][A-Za-z'-]+\s+){{1,3}}(?i:{_STREET_TYPES})|{_ONE_WORD_STREET}|{_WELSH_STREET})"
    r"\b(?![\w'-])"
)
# What comes before a house or building as part of one address: a flat, room, unit, block, plot, caravan or
# mooring ("Room 9, ", "Plot 7, ", "Static caravan 41, ", "Mooring 14, "), a floor ("4th Floor, ", "Top Floor
# Flat, "), a Scottish flat position ("2/1, ", "0/2, ", "G/R, ", "Flat 1F2, ") and "care of" ("c/o ").
_UNIT = (
    r"(?:(?:[Tt]op|[Gg]round|[Ff]irst|[Ss]econd|[Bb]asement|[Uu]pper|[Ll]ower)\s+(?:[Ff]loor\s+)?[Ff]lat"
    r"|(?:[Ff]f?lat|FLAT|[Aa]partment|[Aa]pt\.?)\s+(?:\d{1,4}[A-Za-z]?(?:/(?:\d{1,2}|[LRGF]))?|\d[Ff]\d|[A-Z])"
    r"|(?:Room|Unit|Block|[Pp]lot|[Pp]itch|Mooring|Berth|Chalet|Croft|Bungalow|Cottage|(?:[Ss]tatic\s+)?[Cc]aravan)"
    r"\s+(?:\d{1,4}[A-Za-z]?|[A-Z])"
    r"|\d{1,2}(?:st|nd|rd|th)\s+[Ff]loor|(?:[Nn]arrowboat|NB)\s+[A-Z][a-z]+"
    r"|[0-9G]/[0-9LRG]|\d[Ff]\d|c/o(?:\s+(?:his|her|their|the)\s+[a-z]+)?)"
)
_UNIT_BEFORE = re.compile(rf"(?<![\w/]){_UNIT},?\s+$")
# A care home typed in lower case before its street ("the beeches nursing home, 2 church lane").
_HOME_BEFORE = re.compile(
    r"(?<![\w'-])(?:the\s+)?(?:(?!(?:from|to|at|in|on|of|for|with|and|the|a)\s)[a-z][a-z'-]+\s+){1,2}"
    r"(?:nursing|care|residential)\s+home,?\s+$"
)
# A flat or other unit in a named building ("Flat 4, Birch Court", "Static caravan 12, Sunnyvale Holiday Village").
_FLAT_IN_BUILDING = re.compile(rf"(?<![\w/]){_UNIT},?\s+{_BUILDING}(?![\w'-])")
# An unnumbered street after a flat, unit or named house ("Mooring 14, Sheepcote Street", "The Old Forge, Church
# Street", "Bryn Awel, Lon Isaf"), and a numbered place with no street word after a named house ("Tigh na Mara,
# 5 Achmore"). Welsh and Gaelic house names start with the word for hill, house, top, field...
_NAMED_HOUSE = (
    r"(?:The\s+(?:[A-Z][a-z'-]+\s+)?[A-Z][a-z'-]+"
    r"|(?:Bryn|Tan|Pen|Cae|Maes|Nant|Glan|Bron|Cefn|Tigh|Taigh|Chy|Ty|Tŷ|Plas|Hafod|Fferm)\s+(?:[a-z]{1,3}\s+)?[A-Z][A-Za-z'-]+"
    r"|[A-Z][a-z]+\s+(?:View|Haven|Retreat)"
    # Cornish, Welsh and Gaelic names joined by hyphens ("Chy-an-Gwyns", "Pen-y-Bryn", "Tigh-na-Mara")
    r"|[A-Z][a-z]+-(?:an|y|yr|na|an|a)-[A-Z][a-z'-]+"
    # a one-word house name with a house name's ending ("Hillview", "Brookside", "Oakcroft", "Fernlea")
    r"|[A-Z][a-z]{2,}(?:view|side|croft|field|holme|garth|stead|wood|dene|hurst|lea|mead|dale|bank|ways))"
)
_HOUSE_NAME = rf"(?:{_UNIT}|{_NAMED_HOUSE})"
_NAMED_HOUSE_BEFORE = re.compile(rf"(?<![\w'/-]){_NAMED_HOUSE},\s+$")
_STREET_AFTER_HOUSE = re.compile(
    rf"(?<![\w'/-]){_HOUSE_NAME},\s+(?:(?:[A-Z][A-Za-z'-]+\s+){{1,3}}(?i:{_STREET_TYPES})|{_WELSH_STREET})\b(?![\w'-])"
)
_PLACE_AFTER_HOUSE = re.compile(rf"(?<![\w'/-]){_NAMED_HOUSE},\s+\d{{1,4}}[a-z]?\s+[A-Z][a-z'-]{{2,}}\b(?![\w'-])")
# A house or farm, or a number and words, just before ", Town POSTCODE" ("Penlan Farm, Cwmann, Lampeter SA48 8HF",
# "Mains of Auchindoir Farmhouse, Rhynie AB54 4HS", "56 Kingsway, Wallasey CH44 3BN"): the postcode says it is an
# address even without a street word. Care homes are left to the other rules (a home's name alone is no address).
_POSTCODE_SHAPE = re.compile(r"\d[A-Za-z]{2}\b")
_BEFORE_TOWN_AND_POSTCODE = re.compile(
    r"(?<![\w'/-])(?:(?:[A-Z][A-Za-z'-]+\s+(?:(?:of|y|yr|an|na)\s+)?){1,3}(?:Farm|Farmhouse|Cottage|Barn|Bungalow|"
    r"Croft|Steading|Lodge|House|Grange|Hall|Manor|Mill)(?:,\s+[A-Z][a-z'-]+)?"
    rf"|[A-Z][a-z'-]+,\s+(?:[A-Z][A-Za-z'-]+\s+){{1,2}}(?i:{_STREET_TYPES})"
    rf"|{_NAMED_HOUSE}"
    rf"|{_HOUSE_NUMBER}\s+(?:[A-Z][a-z'-]+\s+){{0,2}}[A-Z][a-z'-]{{2,}})"
    # the town may be "nr Abergavenny", "by Forfar" or "Isle of Lewis"
    r"(?=,\s+(?:(?:(?:nr\.?|near|by)\s+)?[A-Z][a-z'-]+(?:(?:[\s-]|\s+of\s+)[A-Z][a-z'-]+)?,?\s+)?"
    r"[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b)"
)
# A house with a Gaelic or Welsh name, which only a dwelling takes ("Taigh na Creige", "Cartref Bryn Teg"), and a
# cottage, farm or named house where someone lives or is visited ("lives at Rose Cottage", "visit to Lisnacree
# House"). A building of any other kind after "at" may be a clinic or an office, so it needs a street or postcode.
_DWELLING_NAME = re.compile(
    r"(?<![\w'-])(?:(?:Taigh|Tigh)\s+(?:(?:na|nan|an|a')\s+)?[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"
    r"|Cartref(?:\s+[A-Z][a-z'-]+){1,2}"
    # Welsh house names built on "y" ("Pen-y-Bryn", "Ty'n y Coed", "Tan-yr-Allt")
    r"|(?:Pen|Tan|Cae|Pant|Llwyn|Glan|Nant|Bryn|Ty'n|Tyn|Bron|Cefn)(?:-y-|-yr-|\s+y\s+|\s+yr\s+)[A-Z][a-z'-]+"
    r")(?![\w'-])"
)
_DWELLING_AFTER_CUE = re.compile(
    r"\b(?P<cue>lives?|living|resides|residing|address(?:\s+is)?|home|visit(?:ed)?|discharged|moved|[Rr]esident\s+(?:of|at)|"
    r"at|to)\s+(?:at\s+|to\s+|in\s+)?"
    r"(?P<house>(?:[A-Z][a-z'-]+\s+){1,2}(?P<kind>Cottage|Farm|Farmhouse|Bungalow|Croft|Steading|Barn|House|Lodge|Court|Manor"
    r"|(?:Care|Nursing|Residential)\s+Home)(?:\s+Farm)?"
    # and its street when it follows ("Rivermead Nursing Home, 3 Quayside")
    r"(?:,\s+\d{1,4}[a-z]?\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)?)(?![\w'-])"
)
_DWELLING_KIND = re.compile(r"\b(?:Cottage|Farm|Farmhouse|Bungalow|Croft|Steading|Barn|House|Lodge|Court|Manor|Home)\b")
# A boat someone lives on, by its name, and where it is moored ("narrowboat Morning Star", "nb Willow Wren,
# Riverside moorings").
_BOAT = re.compile(
    # ("NB" and "nb" are also "note well": only after "on" or "aboard")
    r"(?:\b[Nn]arrow\s?boat|\b[Hh]ouseboat|\b[Yy]acht|(?<=on )(?:NB|nb)|(?<=aboard )(?:NB|nb))"
    r"\s+['\"‘“]?(?:[A-Z][a-z'-]+)(?:\s+[A-Z][a-z'-]+)?['\"’”]?"
    # its berth and where it is moored ("yacht Kittiwake, Berth 14, Mylor Yacht Harbour")
    r"(?:,\s+(?:Berth|Mooring|Pontoon)\s+\w{1,4})?"
    r"(?:,\s+(?:[A-Z][a-z'-]+\s+){0,2}(?:[Mm]oorings?|[Mm]arina|[Ww]harf|[Bb]asin|[Ll]ock|[Hh]arbour))?"
)
# A house or place's name as what a home or address "is" ("Family home is Penhale, Trewidland").
# The village after the comma is needed: "her home is Leeds" names a town.
_HOME_IS = re.compile(
    r"\b(?:home|address)\s+is\s+(?:at\s+)?"
    r"(?P<house>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?,\s+(?!(?:North|South|East|West)\b)[A-Z][a-z'-]+)"
)
# A house's name after an address label, up to the comma before its village or town ("Address on referral: The
# Old Schoolhouse, Kirkcambeck", "Home address: Ivy Bank, Wark").
_HOUSE_AFTER_ADDRESS_LABEL = re.compile(
    r"\b[Aa]ddress(?:\s+(?:on|in|from|given|recorded|held|per)){0,2}(?:\s+[a-z]+)?\s*:\s*"
    r"(?P<house>(?:The\s+)?(?:[A-Z][a-z'-]+\s+){0,2}[A-Z][a-z'-]+)(?=,\s+[A-Z])"
)
# ...and one told by what follows it ("Beechcroft Lodge, where pt lives"). ("Oak Lodge nursing home" alone names
# where something happened, as most writers of the evaluation sets read it.)
_DWELLING_BEFORE_CUE = re.compile(
    r"(?<![\w'-])(?P<house>(?:[A-Z][a-z'-]+\s+){1,2}(?:Cottage|Farm|Farmhouse|Bungalow|Croft|House|Lodge"
    r"|Court|(?:Care|Nursing|Residential)\s+Home))"
    r",?\s+where\s+(?:the\s+)?(?:pt|patient|he|she|they|her\s+\w+|his\s+\w+)\s+(?:lives|lived|resides|stays|is\s+living)\b"
)
# After "at" or "to" alone a house or lodge is a home only with a town after it ("at Lisnacree House, Kilkeel";
# not "seen at Parkside House clinic").
_WEAK_DWELLING_CUES = {"at", "to", "discharged", "moved"}
# Kinds of building that are a home only where the report says someone lives there ("lives at Sunnyside Court",
# "current address at Lindens Nursing Home"), or with a town after them: "a fall at Meadowbank Care Home" names
# where it happened, as most writers of the evaluation sets read it.
_WEAK_KINDS = ("House", "Lodge", "Court", "Manor", "Care Home", "Nursing Home", "Residential Home")
_TOWN_NEXT = re.compile(r"(?:,\s+|\s+\()[A-Z][a-z'-]+")
# A house known by one word, visited or lived at, before its town and postcode ("visit to Bosvean, Mylor Bridge
# TR11 5NA"): the postcode says it is an address.
_HOUSE_WORD_BEFORE_POSTCODE = re.compile(
    r"\b(?:to|at|from)\s+(?P<house>[A-Z][a-z'-]{3,})(?=,\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?,?\s+"
    r"[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b)"
)
def _common_or_hospital(text: str, m: re.Match) -> bool:
    """An everyday word, a hospital ("transferred to Derriford, Plymouth PL6 8DH") or a place after a transfer."""
    word = m.group("house").lower()
    before = text[max(0, m.start() - 20) : m.start()].split()
    return word in common_words() or word in HOSPITALS or bool(before and before[-1].lower() in TRANSFER_WORDS)


# A farm, cottage or croft by its name before its town, with no postcode ("Low Moor Farm, Hawes"): a farm's
# name is its address.
_FARM_BEFORE_TOWN = re.compile(
    r"(?<![\w'-])(?:[A-Z][a-z'-]+\s+){1,3}(?:Farm|Farmhouse|Cottage|Croft|Steading|Bungalow)"
    r"(?=,\s+(?:(?:nr\.?|near|by)\s+)?[A-Z][a-z'-]+)"
)
# A Scottish croft by its number and township ("Croft 4, Balallan", "Croft 12 Achmore").
_CROFT = re.compile(r"(?<![\w/])Croft\s+\d{1,4}[a-z]?,?\s+[A-Z][a-z'-]{2,}(?:\s+[A-Z][a-z'-]{2,})?(?![\w'-])")
# A house or place's name, one to three capitalised words, written before a numbered street and a comma
# ("Glenside, 8 Ballyclare Road", "Refuge, 10 Alma Terrace", "Hope Street Drop-in, 112 Hope Street").
_NAME_BEFORE_NUMBER = re.compile(r"(?<![\w'/-])((?:[A-Z][A-Za-z'&-]+\s+){0,2}[A-Z][A-Za-z'&-]+),\s+$")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sister|Sr|Rev)\.?\s+(?:[A-Z]\.?\s+)?$", re.IGNORECASE)
_NOT_HOUSE_NAME_WORDS = {
    "pt", "patient", "nok", "the", "and", "i", "he", "she", "they", "we",
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sister", "sr", "rev",
}
# A postcode straight after the street, or after a town ("12 brook st st4 2lp", "23 marsh view, hull hu9 3ab").
_POSTCODE_NEXT = re.compile(r",?\s+(?:[A-Za-z][a-z'-]+,?\s+)?[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b")
_STRONG_STREET_TYPES = {
    "road", "rd", "street", "avenue", "lane", "close", "drive", "crescent", "gardens", "terrace", "grove", "mews",
    "brae", "wynd",
}
_ADDRESS = re.compile(
    r"(?<![\w/])(?:(?:flat|apartment|apt)\s+(?:\d+[a-z]?(?:/\d{1,2})?|[a-z]),?\s+(?:\d{1,4}[a-z]?,?\s+)?"
    rf"|{_HOUSE_NUMBER},?\s+)"
    r"(?P<words>(?:[A-Za-z][A-Za-z'-]+\s+){1,3})"
    rf"(?P<type>{_STREET_TYPES})\b\.?",
    re.IGNORECASE,
)
_NOT_STREET_WORDS = {
    "the", "a", "an", "in", "on", "at", "to", "of", "and", "or", "for", "from", "by", "with", "down", "up", "into",
    "bed", "beds", "bay", "ward", "hours", "hrs", "mins", "minutes", "days", "weeks", "units", "mg", "times",
    "patients", "pts", "staff", "nurses", "people", "miles", "metres", "floor", "level", "side",
}
# Street words that are also ward words, allowed when capitalised like the rest ("8 Canal Side Walk").
_CAPITALISED_STREET_WORDS = {"side", "bay"}


def find_addresses(text: str) -> Iterator[Found]:
    """A house number, up to three words and a street type ("14 Acacia Avenue", "Flat 3, 22 Mill Lane",
    "3 Heol Y Bryn"), with a named building before it ("Rosewood House, ", "Ty Gwyn, ") and any following
    ", Town" words that start with a capital; a flat in a named building ("Flat 2, Mill Court"); a named building
    on a street with no number ("Redfern House, Lambeth Walk"). Parts next to each other ("Flat 12, Tennyson
    Court, 2 Milton Way") become one address, and flats, floors, rooms, units, caravans, moorings, "c/o" and house
    names written before an address join it ("Block C, 4th Floor, Flat 412, Clyde Court, Wellesley Road"). An
    unnumbered street after a unit or house name, and a farm or numbered place before ", Town POSTCODE", count
    too. Lower-case addresses need a strong street type (road, street, avenue...) so that "2 bags in the park"
    is left alone."""
    found = [Found(m.start(), m.end(), ADDRESS) for m in _PREFIX_STREET.finditer(text)
             if not _NOT_HOUSE_BEFORE.search(text[max(0, m.start() - 12) : m.start()])]
    if _BUILDING_WORD.search(text):  # most narratives name no building: skip the slower searches
        found += [Found(m.start(), m.end(), ADDRESS) for m in _FLAT_IN_BUILDING.finditer(text)]
        found += [Found(m.start(), m.end(), ADDRESS) for m in _BUILDING_ON_STREET.finditer(text)]
    if _BUILDING_WORD.search(text) or "Flat" in text or "flat" in text:
        # a one-word street counts only beside a building or flat ("Alder Court, 19 Kingsway"), not alone
        found += [Found(m.start(), m.end(), ADDRESS) for m in _NUMBERED_ONE_WORD_STREET.finditer(text)
                  if re.search(r",\s*$", text[max(0, m.start() - 3) : m.start()])]
    found += [Found(m.start(), m.end(), ADDRESS) for m in _STREET_AFTER_HOUSE.finditer(text)]
    found += [Found(m.start(), m.end(), ADDRESS) for m in _PLACE_AFTER_HOUSE.finditer(text)]
    if "The " in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _THE_STREET.finditer(text)
                  if not _WARD_PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()])]
    if any(word in text for word in _WELSH_STREET_WORDS):
        found += [Found(m.start(), m.end(), ADDRESS) for m in _WELSH_STREET_LOWER.finditer(text)]
    if "flat" in text or "apt" in text or "apartment" in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _FLAT_IN_THE.finditer(text)]
    if "Taigh" in text or "Tigh" in text or "Cartref" in text or "-y-" in text or "-yr-" in text or " y " in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _DWELLING_NAME.finditer(text)]
    if _DWELLING_KIND.search(text):
        for m in _DWELLING_AFTER_CUE.finditer(text):
            kind = re.sub(r"\s+", " ", m.group("kind"))
            weak = m.group("cue").lower() in _WEAK_DWELLING_CUES and kind in _WEAK_KINDS
            if _is_organisation(m.group("house")) or (weak and not _TOWN_NEXT.match(text, m.end())):
                continue
            found.append(Found(m.start("house"), m.end("house"), ADDRESS))
    if "where" in text:
        found += [Found(m.start("house"), m.end("house"), ADDRESS) for m in _DWELLING_BEFORE_CUE.finditer(text)
                  if not _is_organisation(m.group("house"))]
    if "boat" in text or "nb " in text or "NB " in text or "acht" in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _BOAT.finditer(text)]
    if "ddress" in text:
        found += [Found(m.start("house"), m.end("house"), ADDRESS) for m in _HOUSE_AFTER_ADDRESS_LABEL.finditer(text)
                  if not _is_organisation(m.group("house")) and not set(m.group("house").split()) & ORGANISATION_WORDS
                  and m.group("house").lower() not in HOSPITALS]
    if "home is" in text or "address is" in text:
        found += [Found(m.start("house"), m.end("house"), ADDRESS) for m in _HOME_IS.finditer(text)
                  if not _is_organisation(m.group("house"))]
    if "Farm" in text or "Cottage" in text or "Croft" in text or "Steading" in text or "Bungalow" in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _FARM_BEFORE_TOWN.finditer(text)]
    if "Croft" in text:
        found += [Found(m.start(), m.end(), ADDRESS) for m in _CROFT.finditer(text)]
    if _POSTCODE_SHAPE.search(text):  # most narratives have no postcode: skip the slower searches
        found += [Found(m.start("house"), m.end("house"), ADDRESS) for m in _HOUSE_WORD_BEFORE_POSTCODE.finditer(text)
                  if not _common_or_hospital(text, m)]
        found += [Found(m.start(), m.end(), ADDRESS) for m in _BEFORE_TOWN_AND_POSTCODE.finditer(text)
                  if not _NOT_HOUSE_BEFORE.search(text[max(0, m.start() - 12) : m.start()])]
    for m in _ADDRESS.finditer(text):
        words = m.group("words").split()
        street_type = m.group("type").lower()
        capitalised = all(w[0].isupper() for w in words) and m.group("type")[0].isupper()
        vetoed = {w.lower() for w in words} & _NOT_STREET_WORDS
        if vetoed and not (capitalised and vetoed <= _CAPITALISED_STREET_WORDS):
            continue
        if not capitalised and street_type not in _STRONG_STREET_TYPES and not _POSTCODE_NEXT.match(text, m.end()):
            continue
        if _WARD_PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        # A full stop after the street type ends the sentence unless a comma follows ("9 Orchard Avenue. Pt John
        # Smith rang" has no town; "9 Orchard Rd., Leeds" has): the stop stays in the text.
        end = m.end() - (text[m.end() - 1] == "." and not text.startswith(",", m.end()))
        town = re.match(r",?\s+(?:[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?)(?=[,.\s]|$)", text[end:])
        if town and town.group(0).strip(" ,") not in {"Ward", "Bay", "Pt", "Patient", "The", "He", "She", "They"}:
            end += town.end()
        found.append(Found(m.start(), end, ADDRESS))
    yield from (Found(_unit_start(text, f.start), f.end, ADDRESS) for f in _joined(text, sorted(found)))


_ONLY_COMMA = re.compile(r"\s*,?\s*")


def _joined(text: str, found: list[Found]) -> Iterator[Found]:
    """Overlapping parts, or parts with only a comma and spaces between them, as one address."""
    current = None
    for item in found:
        if current is not None and (item.start <= current.end or _ONLY_COMMA.fullmatch(text[current.end : item.start])):
            current = Found(current.start, max(current.end, item.end), ADDRESS)
            continue
        if current is not None:
            yield current
        current = item
    if current is not None:
        yield current


def _unit_start(text: str, start: int) -> int:
    """The start of an address moved back over the flats, floors, units, buildings and house names written
    before it ("Flat 12, Tennyson Court, 2 Milton Way"; "Block C, 4th Floor, Flat 412, Clyde Court, Wellesley
    Road"; "Room 9, St Mungo's Hostel, 18 Cable Street")."""
    for _ in range(6):
        before = text[max(0, start - 60) : start]
        part = (
            _UNIT_BEFORE.search(before) or _BUILDING_BEFORE.search(before) or _NAMED_HOUSE_BEFORE.search(before)
            or _HOME_BEFORE.search(before)
        )
        if not part and text[start].isdigit():
            part = _house_name_before(text, before, start)
        if not part:
            return start
        start -= len(part.group(0))
    return start


def _house_name_before(text: str, before: str, start: int) -> re.Match | None:
    """Capitalised words and a comma before a numbered street, as a house or a place's name ("Glenside, 8
    Ballyclare Road"), unless they are a person's name, a title's, a cue or a word opening the sentence."""
    m = _NAME_BEFORE_NUMBER.search(before)
    if m is None:
        return None
    words = m.group(1).split()
    lower = [w.lower().rstrip(".") for w in words]
    # (a given name first is a person's, unless a house's last word follows: "Holly Bank, 6 Station Road")
    if set(lower) & _NOT_HOUSE_NAME_WORDS or (lower[0] in first_names()[0] and not (
        len(words) > 1 and re.fullmatch(_STREET_TYPES, lower[-1])
    )):
        return None
    if _TITLE_BEFORE.search(text[: start - len(m.group(0))]):
        return None
    opening = re.search(r"(?:^|[.!?:;\n]\s*)$", text[: start - len(m.group(0))]) is not None
    if opening and len(words) == 1 and lower[0] in common_words():
        return None  # "However, 8 beds were closed" is no address (and has no street); "Today, ..."
    return m


def _is_organisation(name: str) -> bool:
    """A building named for what happens there rather than who lives there ("Trinity House", "Police House")."""
    return bool(set(name.split()) & _ORGANISATION_HOUSE_WORDS)


_ORGANISATION_HOUSE_WORDS = {
    "Trinity", "Police", "Council", "Trust", "Health", "Medical", "Day", "Crown", "Magistrates", "Coroners", "Civic",
    "County", "Customs", "Family",
    "Mansion", "Companies", "Somerset", "Broadcasting", "Government", "Clinic", "Hospital", "Hospice",
}
