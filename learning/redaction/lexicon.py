"""Word lists for the name vetoes in learning.redaction.vetoes: the words around a capitalised word that make it
a place, an organisation, a document, a make of equipment or a language rather than a person, and the words
around a name that make it one ("Rhys's mum", "Ivy was restless").
"""
from __future__ import annotations

from .words import FAMILY

# What a person has, after a name and "'s": "Rhys's mum", "Tariq's MRN".
POSSESSED = FAMILY + [
    "mrn", "nhs", "dob", "notes", "gp", "meds", "medication", "medications", "carer", "carers", "belongings",
    "property", "address", "mobile", "phone", "keyworker", "friend", "room", "bed", "family", "care", "named",
    "obs", "bloods", "drug", "drugs", "wristband", "allergy", "allergies",
]
# How staff describe a person, after a name and "was" ("Ivy was restless").
STATES = [
    "restless", "agitated", "confused", "aggressive", "distressed", "drowsy", "tearful", "upset", "anxious",
    "unsettled", "incontinent", "unresponsive", "wandering", "shouting", "crying", "abusive", "combative",
]
# Words after a given name that make it the name of a place ("Holly ward", "Jasmine Unit", "Rosemary House"):
# these in any case, and the capitalised ones below only capitalised ("Margaret day centre" is too rare to
# lose "Margaret bay 3 fell" for).
PLACE_NOUNS = {
    "ward", "wards", "unit", "wing", "suite", "centre", "center", "hospital", "hospice", "surgery", "practice",
    "clinic", "lodge",
    # places people go out to ("Merry Hill shopping centre", "Lime Street station")
    "shopping", "station", "airport", "stadium",
}
# Capitalised words that make the words before them an organisation ("Yorkshire Ambulance", "Leeds Teaching
# Hospitals", "Calderdale Council").
ORGANISATION_WORDS = {
    "Ambulance", "Trust", "Council", "Police", "Hospital", "Hospitals", "Teaching", "University", "Infirmary",
    "Foundation", "Partnership", "CCG", "ICB", "Hospice", "Healthcare", "College", "Royal", "General",
    "Hosp", "Memorial", "Line",
    # makers of medicines and devices ("Boston Scientific", "Abbott Diagnostics")
    "Scientific", "Pharmaceuticals", "Diagnostics", "Laboratories", "Ltd", "Limited",
    # services named after a person or a place ("Peter Hodgkinson Centre")
    "Centre", "Center",
    # care agencies ("Kingfisher Homecare")
    "Homecare", "Domiciliary",
}
PLACE_NOUNS_CAPITALISED = {
    "House", "Cottage", "Farm", "Court", "Building", "Block", "Theatre", "Theatres", "Room", "Bay", "Road",
    "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Care", "Nursing", "Medical", "Health", "Birth", "Day",
    "School", "Isles", "Moor", "Towers",
}
# Capitalised words that name a scheme, document, tool or device, with the words before them ("Gold Standards
# Framework", "Liverpool Care Pathway", "Braden Scale").
DOCUMENT_WORDS = {
    "Framework", "Pathway", "Protocol", "Policy", "Procedure", "Guideline", "Guidelines", "Guidance", "Standard",
    "Standards", "Scale", "Score", "Tool", "Toolkit", "Bundle", "Checklist", "System", "Programme", "Criteria",
    "Charter", "Act", "Regulations", "Model", "Chart", "Form", "Plan", "Method", "Technique", "Test", "Index",
}
# Lower-case words after a name that make it a make or model of equipment ("'Victor' model", "Sara hoist").
EQUIPMENT_NOUNS = {
    "model", "brand", "make", "series", "range", "hoist", "pump", "pumps", "mattress", "chair", "chairs",
    "recliner", "commode", "trolley", "stretcher", "monitor", "device", "machine", "frame", "cushion", "sling",
    "stand", "cot", "incubator", "scanner", "system", "software", "app", "basket", "lens",
}
# Royal names of hospitals ("Queen Elizabeth", "King George", "Princess Royal"), as "St" is for saints.
# ("Royal Victoria", "Royal Albert Edward": hospitals named with "Royal" before a given name)
# Months as staff abbreviate them, in calendar order ("sept" too), and the full names longer than those.
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
MONTH_NAMES = (
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
)
ROYAL = {"Queen", "King", "Prince", "Princess", "Duke", "Duchess", "Royal", "QUEEN", "KING", "PRINCE", "PRINCESS", "ROYAL"}
# Particles inside family names ("Dafydd ap Rhys", "Lucas Pereira da Silva", "Mr de la Cruz", "Sean Ó
# Súilleabháin"): a name goes on through them when a capitalised name follows.
PARTICLES = {
    "ap", "ab", "ferch", "da", "de", "del", "della", "der", "den", "di", "du", "la", "le",
    "van", "von", "ter", "bin", "binti", "bint", "ibn", "al", "el", "ó", "o", "ní", "ni", "nic", "mac", "ua",
    "dos", "das", "do", "abu", "abd", "dela", "delos",
}
# Arabic particles written joined to the family name by a hyphen ("Sabah Al-Jubouri", "Omar El-Sayed").
HYPHENED_PARTICLES = {"al", "el", "bin", "bint", "ibn", "abu", "abd"}

# Languages and nationalities, written after "interpreter" or before "speaking" ("interpreter (Tigrinya)",
# "Kurdish-speaking", "speaks Farsi"): never a person there. Some are surnames too ("Dr French", "Mr Welsh"),
# so after a title they stay names; some are given names ("Shona"), so those need the language cue.
LANGUAGES = frozenset("""
    afghan african akan albanian algerian amharic arabic armenian assamese azeri azerbaijani balochi bangladeshi
    belarusian bengali bosnian brazilian british bulgarian burmese cantonese caribbean chechen chinese congolese
    creole croatian czech danish dari dinka dutch egyptian english eritrean estonian ethiopian farsi fijian
    filipino finnish flemish french fula fulani ga gaelic georgian german ghanaian greek gujarati hakka hausa
    hebrew hindi hokkien hungarian icelandic igbo indian indonesian iranian iraqi irish italian jamaican japanese
    kannada kashmiri kazakh kenyan khmer kinyarwanda kirundi korean kosovan krio kurdish kurmanji lao latvian
    lebanese libyan lingala lithuanian luganda macedonian malay malayalam maltese mandarin marathi mirpuri
    moldovan mongolian moroccan nepalese nepali nigerian norwegian oromo pahari pakistani palestinian pashto
    persian polish portuguese punjabi romanian romani romany russian rwandan scottish serbian shona sindhi
    sinhala sinhalese slovak slovakian slovenian somali sorani spanish sudanese swahili swedish sylheti syrian
    tagalog tamil telugu thai tibetan tigrinya turkish turkmen twi ugandan ukrainian urdu uzbek vietnamese welsh
    wolof yemeni yiddish yoruba zimbabwean zulu bsl makaton
""".split())
# Words that say the word before or after them is a language: "interpreter (Farsi)", "Polish speaking",
# "speaks Tigrinya", "Language Line (Mandarin)".
LANGUAGE_CUES = frozenset({
    "interpreter", "interpreters", "interpreting", "interpreted", "translator", "translation", "translated",
    "speaking", "speaker", "speakers", "speaks", "spoke", "speak", "language", "languages", "line", "in", "for",
})
# Makes of moving, standing and monitoring equipment, written as capitalised words before or after a model
# that reads as a given name ("Arjo Sara", "Invacare Birdie", "Molift Raiser"): the words next to them are a product.
EQUIPMENT_MAKES = frozenset({
    "stedy", "arjo", "arjohuntleigh", "huntleigh", "molift", "raizer", "raiser", "mangar", "hoverjack",
    "hovermatt", "invacare", "romedic", "medstrom", "dinamap", "lifepak", "flowtron", "maxi", "quickmove",
    "returnal", "rotastand", "alenti", "allyn",
    # enteral feed pumps ("Kangaroo Joey"), and infusion makers ("B Braun")
    "kangaroo", "flocare", "infinity", "braun",
    # defibrillators ("Zoll R Series"), scanners ("Siemens Somatom")
    "zoll", "siemens", "somatom",
})
# Words after which a single capital letter is a label, not an initial ("vitamin K. Konakion", "Hep B Engerix",
# "bay C. Patel"): a letter so placed does not start a name.
LETTER_WORDS = frozenset({
    "vit", "vitamin", "hep", "hepatitis", "group", "grade", "type", "plan", "class", "bay", "bed", "side", "room",
    "ward", "category", "cat", "stage", "level", "part", "section", "option", "zone", "block", "wing", "floor",
    "theatre", "strep", "streptococcus", "schedule", "appendix", "annex", "unit", "pod", "area", "row", "team",
    "line", "lead", "form", "step", "phase", "list", "site", "door", "gate", "lift", "corridor", "entrance", "wave",
    "factor", "protein", "influenza", "flu", "c", "=", "x",
})
