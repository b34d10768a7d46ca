"""Synthetic incidents for the search benchmark, generated straight into a separate database.

Narratives recombine sentences from learning/corpus/*.jsonl within one theme, so the vocabulary,
abbreviations and length mix are those of real reports. Rows go in with bulk inserts in chunks,
so memory stays flat whatever the count. Nothing here is used by the application.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = ["Northgate General", "Southmead Community", "Riverside Hospital", "Eastfield Infirmary"]
DIRECTORATES = ["Medicine", "Surgery", "Women and Children", "Emergency Care", "Older People", "Mental Health"]
WARDS_PER_DIRECTORATE = 8
HARMS = (["none"] * 60) + (["low"] * 25) + (["moderate"] * 10) + (["severe"] * 4) + ["fatal"]
STATUSES = (["closed"] * 55) + (["under_review"] * 15) + (["awaiting_actions"] * 10) + (["in_triage"] * 10) + (["reported"] * 10)
TYPES = (["incident"] * 80) + (["near_miss"] * 12) + (["risk"] * 5) + (["good_care"] * 3)
RESPONSES = ["none", "none", "none", "swarm", "aar", "mdt", "thematic"]
ACTIONS = [
    "Doctor informed and patient reviewed.",
    "Escalated to nurse in charge; datix completed.",
    "Obs repeated, NOK informed.",
    "Pharmacy contacted and dose given late.",
    "Area made safe, estates called.",
    "Safeguarding lead informed.",
    "Equipment removed from use and labelled faulty.",
    "Outreach team called, sepsis 6 started.",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def corpus_sentences() -> dict[str, list[str]]:
    """Sentences per theme from the labelled corpus."""
    by_theme: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / "learning" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            sentences = [s.strip() for s in _SENTENCE.split(row["text"]) if len(s.strip()) > 12]
            for theme in row["themes"] or ["communication"]:
                by_theme[theme].extend(sentences)
    return dict(by_theme)


def nhs_number(rng: random.Random) -> str:
    """A random NHS number with a valid modulus 11 check digit."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def ensure_places():
    """Sites, directorates and wards for the synthetic trust; returns location ids."""
    from incidents.models import Directorate, Location, Site, Specialty

    ids = []
    for s, site_name in enumerate(SITES):
        site, _ = Site.objects.get_or_create(name=site_name, defaults={"code": f"BN{s:03d}"})
        for directorate_name in DIRECTORATES:
            directorate, _ = Directorate.objects.get_or_create(site=site, name=directorate_name)
            for w in range(WARDS_PER_DIRECTORATE):
                location, _ = Location.objects.get_or_create(directorate=directorate, name=f"Ward {s + 1}{w + 1:02d}")
                ids.append(location.pk)
    for name in ("Cardiology", "Respiratory", "General Surgery", "Orthopaedics", "Paediatrics", "Elderly Care"):
        Specialty.objects.get_or_create(name=name)
    return ids


def generate(count: int, *, seed: int = 7, chunk: int = 5000, progress=print) -> None:
    """Insert `count` incidents with patient details and themes, in bulk, `chunk` at a time."""
    from django.db import transaction
    from django.utils import timezone

    from incidents.models import Incident, PatientDetails, Specialty
    from learning.models import ConfirmedTheme, Theme, ThemeSuggestion

    rng = random.Random(seed)
    sentences = corpus_sentences()
    theme_ids = dict(Theme.objects.values_list("slug", "id"))
    theme_slugs = [t for t in sentences if t in theme_ids]
    locations = ensure_places()
    specialties = list(Specialty.objects.values_list("id", flat=True))
    start = timezone.now() - dt.timedelta(days=3 * 365)
    first_id = (Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    made = 0
    while made < count:
        n = min(chunk, count - made)
        incidents, patients, confirmed, suggested = [], [], [], []
        for k in range(n):
            number = first_id + made + k
            theme = rng.choice(theme_slugs)
            text = " ".join(rng.sample(sentences[theme], k=min(len(sentences[theme]), rng.randint(2, 5))))
            nhs = nhs_number(rng) if rng.random() < 0.3 else ""
            if nhs and rng.random() < 0.15:
                text += f" NHS no {nhs} on wristband."
            occurred = start + dt.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
            status = rng.choice(STATUSES)
            incidents.append(Incident(
                id=number, reference=f"INC-{occurred.year}-{number:07d}", event_type=rng.choice(TYPES),
                occurred_at=occurred, reported_at=occurred + dt.timedelta(hours=rng.randint(0, 72)),
                location_id=rng.choice(locations), specialty_id=rng.choice(specialties) if rng.random() < 0.7 else None,
                narrative=text, immediate_actions=rng.choice(ACTIONS), affected="patient",
                physical_harm=rng.choice(HARMS), psychological_harm="none" if rng.random() < 0.9 else "low",
                status=status, learning_response=rng.choice(RESPONSES) if status == "closed" else "",
                follow_up_code_hash="x" * 64,
            ))
            if nhs:
                patients.append(PatientDetails(incident_id=number, nhs_number=nhs, hospital_number=f"RX{rng.randint(10**6, 10**7)}"))
            if rng.random() < 0.4:
                confirmed.append(ConfirmedTheme(incident_id=number, theme_id=theme_ids[theme]))
            if rng.random() < 0.5:
                suggested.append(ThemeSuggestion(incident_id=number, theme_id=theme_ids[theme], score=round(rng.uniform(0.3, 0.99), 2), model_version="bench"))
        with transaction.atomic():
            Incident.objects.bulk_create(incidents, batch_size=1000)
            PatientDetails.objects.bulk_create(patients, batch_size=1000)
            ConfirmedTheme.objects.bulk_create(confirmed, batch_size=1000)
            ThemeSuggestion.objects.bulk_create(suggested, batch_size=1000)
        made += n
        if made % (chunk * 20) == 0 or made == count:
            progress(f"  generated {made}/{count}")
