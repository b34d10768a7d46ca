"""A realistic demo trust: sites, wards, staff for every role and three years of incidents.

Narratives come from the labelled corpus shipped in learning/corpus, so the demo reads like real reports.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from incidents.candour import WRITTEN_NOTICE_WORKING_DAYS, add_working_days, candour_applies
from incidents.models import (
    AuditEntry,
    Directorate,
    EventType,
    Feedback,
    Incident,
    IncidentAction,
    LearningResponse,
    Location,
    PatientDetails,
    ReferenceCounter,
    Site,
    Specialty,
    StaffProfile,
    Status,
)
from incidents.services import hash_follow_up_code

from . import summary
from .models import ConfirmedTheme, Theme
from .trend_models import GoalRecalculation, OccupiedBedDays, QualityGoal

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
DEMO_PASSWORD = "vigil-demo-2026"

TRUST = {
    ("Northgate General Hospital", "RXN01"): {
        "Emergency and Acute Medicine": [("Emergency Department", "department"), ("Acute Medical Unit", "ward"), ("Ward 7 Respiratory", "ward"), ("Ward 9 Cardiology", "ward")],
        "Surgery and Theatres": [("Main Theatres", "department"), ("Ward 4 General Surgery", "ward"), ("Ward 5 Orthopaedics", "ward"), ("Surgical Assessment Unit", "ward"), ("Critical Care Unit", "ward")],
        "Women and Children": [("Labour Ward", "ward"), ("Maternity Ward", "ward"), ("Neonatal Unit", "ward"), ("Children's Ward", "ward")],
        "Clinical Support Services": [("Radiology", "department"), ("Pathology", "department"), ("Pharmacy", "department"), ("Outpatients", "department")],
    },
    ("St Mary's Infirmary", "RXN02"): {
        "Medicine and Elderly Care": [("Ward 12 Elderly Care", "ward"), ("Ward 14 Stroke", "ward"), ("Ward 15 Dementia Care", "ward"), ("Discharge Lounge", "department")],
        "Planned Surgery": [("Day Surgery Unit", "ward"), ("Endoscopy", "department"), ("Ward 20 Elective Orthopaedics", "ward")],
    },
    ("Community and Mental Health Services", "RXN03"): {
        "Community Services": [("District Nursing North", "community"), ("District Nursing South", "community"), ("Health Visiting", "community"), ("Intermediate Care Unit", "ward")],
        "Mental Health": [("Willow Ward (acute adult)", "ward"), ("Psychiatric Intensive Care Unit", "ward"), ("Crisis Resolution Team", "community"), ("CAMHS Community", "community")],
    },
}

SPECIALTIES = [
    "Acute medicine", "Anaesthetics", "Cardiology", "Child and adolescent psychiatry", "Community nursing",
    "Critical care", "Elderly care", "Emergency medicine", "General surgery", "Maternity and obstetrics",
    "Neonatology", "Paediatrics", "Pathology", "Pharmacy", "Radiology", "Respiratory medicine", "Stroke medicine",
    "Trauma and orthopaedics", "Adult mental health", "Gastroenterology",
]

# Keywords in a narrative's care setting that point to a demo location.
SETTING_KEYWORDS = [
    (("picu", "psychiatric intensive"), "Psychiatric Intensive Care Unit"),
    (("camhs",), "CAMHS Community"),
    (("crisis", "community mental", "cmht"), "Crisis Resolution Team"),
    (("mental", "psych", "forensic", "learning disab"), "Willow Ward (acute adult)"),
    (("ed ", "ed", "a&e", "emergency", "waiting room", "majors", "minors", "resus", "ambulance"), "Emergency Department"),
    (("theatre", "recovery", "anaesth"), "Main Theatres"),
    (("labour", "delivery", "birth"), "Labour Ward"),
    (("maternity", "antenatal", "postnatal", "midwi"), "Maternity Ward"),
    (("neonat", "nicu", "scbu"), "Neonatal Unit"),
    (("paed", "child"), "Children's Ward"),
    (("itu", "icu", "hdu", "critical care", "intensive"), "Critical Care Unit"),
    (("radiol", "imaging", "x-ray", "ct ", "mri"), "Radiology"),
    (("patholog", "lab", "blood sciences"), "Pathology"),
    (("pharmac",), "Pharmacy"),
    (("outpatient", "clinic", "dental", "ophthalm"), "Outpatients"),
    (("endoscopy",), "Endoscopy"),
    (("day surgery", "day case"), "Day Surgery Unit"),
    (("discharge lounge", "transport"), "Discharge Lounge"),
    (("dementia",), "Ward 15 Dementia Care"),
    (("stroke",), "Ward 14 Stroke"),
    (("elderly", "frailty", "care of the elderly", "coe"), "Ward 12 Elderly Care"),
    (("health visit",), "Health Visiting"),
    (("district", "community", "home", "care home"), "District Nursing North"),
    (("intermediate",), "Intermediate Care Unit"),
    (("ortho", "trauma"), "Ward 5 Orthopaedics"),
    (("surg", "sau"), "Ward 4 General Surgery"),
    (("amu", "acute medical", "admissions"), "Acute Medical Unit"),
    (("cardio", "ccu", "cath"), "Ward 9 Cardiology"),
    (("resp",), "Ward 7 Respiratory"),
]

FEEDBACK_LINES = [
    "Thank you for reporting this. We reviewed it at the weekly safety huddle and shared the learning with the ward team.",
    "Thanks for raising this. The ward manager has met the team and the process has been changed; we will keep monitoring.",
    "We looked into this and it has been added to our thematic review. Your report helped us see the pattern.",
    "Thank you. Estates have fixed the fault and a check has been added to the daily safety brief.",
    "Reviewed with the matron. Extra training has been arranged for the team and the checklist updated.",
    "Thanks for speaking up. An After Action Review took place with everyone involved; the summary is on the ward board.",
]
ACTION_LINES = [
    ("Share learning at ward safety huddle for two weeks", "Ward manager"),
    ("Review and update the falls risk assessment process", "Falls lead"),
    ("Arrange refresher training on the medicines policy", "Practice educator"),
    ("Check stock and servicing of the equipment involved", "Medical devices team"),
    ("Audit NEWS2 escalation on the ward for one month", "Deteriorating patient lead"),
    ("Add the issue to the directorate risk register", "Directorate governance lead"),
    ("Write to the family with the findings", "Consultant"),
]


@dataclass
class CorpusItem:
    text: str
    themes: list[str]
    setting: str
    harm: str
    event_type: str


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusItem]:
    items = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            items.append(
                CorpusItem(
                    text=row["text"],
                    themes=list(row.get("themes", [])),
                    setting=row.get("setting", ""),
                    harm=row.get("harm", "none"),
                    event_type=row.get("event_type", "incident"),
                )
            )
    return items


def location_for_setting(setting: str, by_name: dict[str, Location], rng: random.Random) -> Location:
    text = f" {setting.lower()} "
    for keywords, name in SETTING_KEYWORDS:
        if any(k in text for k in keywords):
            return by_name[name]
    return rng.choice(list(by_name.values()))


def build_trust() -> dict[str, Location]:
    by_name: dict[str, Location] = {}
    for (site_name, code), directorates in TRUST.items():
        site, _ = Site.objects.get_or_create(code=code, defaults={"name": site_name})
        for directorate_name, wards in directorates.items():
            directorate, _ = Directorate.objects.get_or_create(site=site, name=directorate_name)
            for ward, kind in wards:
                loc, _ = Location.objects.get_or_create(directorate=directorate, name=ward, defaults={"kind": kind})
                by_name[ward] = loc
    for name in SPECIALTIES:
        Specialty.objects.get_or_create(name=name)
    return by_name


def build_users() -> list[dict]:
    """Demo accounts for every role. Returns their descriptions for printing."""
    User = get_user_model()
    accounts = [
        ("nurse", "Nadia", "Okoro", "Staff nurse, Ward 4", StaffProfile.Role.REPORTER, [], []),
        ("hca", "Tom", "Reilly", "Healthcare assistant, Ward 12", StaffProfile.Role.REPORTER, [], []),
        ("lead.surgery", "Priya", "Raman", "Patient safety lead, surgery", StaffProfile.Role.HANDLER, [], ["Surgery and Theatres", "Planned Surgery"]),
        ("lead.northgate", "James", "Whitfield", "Patient safety lead, Northgate", StaffProfile.Role.HANDLER, ["RXN01"], []),
        ("lead.stmarys", "Grace", "Adeyemi", "Patient safety lead, St Mary's", StaffProfile.Role.HANDLER, ["RXN02"], []),
        ("lead.community", "Aisha", "Begum", "Patient safety lead, community and mental health", StaffProfile.Role.HANDLER, ["RXN03"], []),
        ("governance", "Helen", "Carter", "Quality and safety committee member", StaffProfile.Role.GOVERNANCE, [], []),
    ]
    described = []
    for username, first, last, title, role, site_codes, directorate_names in accounts:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.nhs.uk"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        profile, _ = StaffProfile.objects.update_or_create(user=user, defaults={"role": role, "job_title": title})
        profile.sites.set(Site.objects.filter(code__in=site_codes))
        profile.directorates.set(Directorate.objects.filter(name__in=directorate_names))
        described.append({"username": username, "role": profile.get_role_display(), "title": title})
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.nhs.uk", "first_name": "Sam", "last_name": "Admin"})
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    StaffProfile.objects.update_or_create(user=admin, defaults={"role": StaffProfile.Role.ADMIN, "job_title": "Vigil administrator"})
    described.append({"username": "admin", "role": "Administrator", "title": "Django admin at /admin/"})
    # A pool of other staff who report.
    for i in range(1, 41):
        user, created = User.objects.get_or_create(username=f"staff{i:02d}", defaults={"first_name": "Staff", "last_name": f"Member {i}"})
        if created:
            user.set_unusable_password()
            user.save()
        StaffProfile.objects.get_or_create(user=user, defaults={"role": StaffProfile.Role.REPORTER})
    return described


def _pick(corpus, by_theme, occurred, *, start, now, rng) -> CorpusItem:
    """A narrative for an incident at `occurred`, with two stories in the data for the trend charts to find:
    pressure ulcers fall after a tissue viability programme half way through, and falls rise in the last
    eight months."""
    span = (now - start).total_seconds()
    share = (occurred - start).total_seconds() / span
    if share > 1 - 8 / 36 and by_theme.get("falls") and rng.random() < 0.10:
        return rng.choice(by_theme["falls"])
    while True:
        item = rng.choice(corpus)
        if "pressure_ulcers" in item.themes and share > 0.5 and rng.random() < 0.6:
            continue
        return item


def _status_for(age_days: int, rng: random.Random) -> str:
    if age_days < 7:
        return rng.choice([Status.REPORTED, Status.REPORTED, Status.IN_TRIAGE])
    if age_days < 45:
        return rng.choice([Status.IN_TRIAGE, Status.UNDER_REVIEW, Status.AWAITING_ACTIONS, Status.CLOSED])
    if age_days < 120:
        return rng.choice([Status.UNDER_REVIEW, Status.AWAITING_ACTIONS, Status.CLOSED, Status.CLOSED])
    return Status.CLOSED if rng.random() < 0.97 else Status.AWAITING_ACTIONS


_PATH = [Status.REPORTED, Status.IN_TRIAGE, Status.UNDER_REVIEW, Status.AWAITING_ACTIONS, Status.CLOSED]


def _learning_response(harm: str, status: str, rng: random.Random) -> str:
    if status in (Status.REPORTED, Status.IN_TRIAGE):
        return LearningResponse.UNDECIDED
    if harm in ("severe", "fatal"):
        return rng.choice([LearningResponse.PSII, LearningResponse.MDT, LearningResponse.AAR])
    if harm == "moderate":
        return rng.choice([LearningResponse.AAR, LearningResponse.SWARM, LearningResponse.MDT, LearningResponse.THEMATIC])
    return rng.choice([LearningResponse.NONE, LearningResponse.NONE, LearningResponse.THEMATIC, LearningResponse.SWARM])


@transaction.atomic
def seed(*, count: int = 2400, years: int = 3, seed_value: int = 2026) -> dict:
    rng = random.Random(seed_value)
    corpus = load_corpus()
    if len(corpus) < 100:
        raise RuntimeError(f"The narrative corpus in {CORPUS_DIR} has {len(corpus)} lines; at least 100 are needed.")
    locations = build_trust()
    accounts = build_users()
    User = get_user_model()
    reporters = list(User.objects.filter(vigil_profile__role=StaffProfile.Role.REPORTER))
    handlers = list(User.objects.filter(vigil_profile__role=StaffProfile.Role.HANDLER).prefetch_related("vigil_profile__sites", "vigil_profile__directorates"))
    specialties = list(Specialty.objects.all())
    now = timezone.now()
    start = now - dt.timedelta(days=365 * years)
    span = (now - start).total_seconds()

    # Spread over time with gentle growth in reporting (a healthy reporting culture reports more).
    by_theme: dict[str, list[CorpusItem]] = {}
    for item in corpus:
        for slug in item.themes:
            by_theme.setdefault(slug, []).append(item)
    moments = sorted(start + dt.timedelta(seconds=span * (rng.random() ** 0.85)) for _ in range(count))
    per_year: Counter = Counter()
    incidents, patients, audits, actions, feedback = [], [], [], [], []
    themes_of: dict[int, list[str]] = {}
    for occurred in moments:
        item = _pick(corpus, by_theme, occurred, start=start, now=now, rng=rng)
        location = location_for_setting(item.setting, locations, rng)
        reported = min(occurred + dt.timedelta(minutes=rng.randint(10, 60 * 48)), now)
        year = timezone.localtime(reported).year
        per_year[year] += 1
        status = _status_for((now - reported).days, rng)
        harm = item.harm if item.harm in ("none", "low", "moderate", "severe", "fatal") else "none"
        event_type = item.event_type if item.event_type in EventType.values else EventType.INCIDENT
        psych = "moderate" if harm in ("severe", "fatal") and rng.random() < 0.3 else ("low" if rng.random() < 0.1 else "none")
        anonymous = rng.random() < 0.18
        applies = candour_applies(physical_harm=harm, psychological_harm=psych)
        due = add_working_days(timezone.localtime(reported).date(), WRITTEN_NOTICE_WORKING_DAYS) if applies else None
        in_scope = [h for h in handlers if location.directorate.site in h.vigil_profile.sites.all() or location.directorate in h.vigil_profile.directorates.all()]
        handler = rng.choice(in_scope) if in_scope and status != Status.REPORTED else None
        response = _learning_response(harm, status, rng)
        written = None
        verbal = None
        if applies and due and (status == Status.CLOSED or rng.random() < 0.8):
            verbal = timezone.localtime(reported).date() + dt.timedelta(days=rng.randint(0, 2))
            written = min(add_working_days(timezone.localtime(reported).date(), rng.randint(2, 12)), timezone.localdate())
        incident = Incident(
            reference=f"INC-{year}-{per_year[year]:06d}",
            event_type=event_type,
            occurred_at=occurred,
            reported_at=reported,
            location=location,
            specialty=rng.choice(specialties) if rng.random() < 0.6 else None,
            narrative=item.text,
            immediate_actions=rng.choice(["", "Patient checked and made safe.", "Doctor informed and reviewed.", "Area made safe, manager informed.", "NOK informed. Obs increased."]),
            affected="none" if event_type == EventType.RISK else "patient",
            number_affected=0 if event_type == EventType.RISK else 1,
            physical_harm=harm if event_type in (EventType.INCIDENT,) else "none",
            psychological_harm=psych if event_type == EventType.INCIDENT else "none",
            reporter=None if anonymous else rng.choice(reporters),
            follow_up_code_hash=hash_follow_up_code(f"DEMO{rng.getrandbits(64):X}") if anonymous else "",
            status=status,
            handler=handler,
            learning_response=response,
            candour_applies=applies and event_type == EventType.INCIDENT,
            candour_due=due if event_type == EventType.INCIDENT else None,
            candour_verbal_on=verbal if event_type == EventType.INCIDENT else None,
            candour_written_on=written if event_type == EventType.INCIDENT else None,
        )
        incidents.append((incident, status, rng.random() < 0.04))
        themes_of[id(incident)] = item.themes

    Incident.objects.bulk_create([i for i, _, _ in incidents], batch_size=500)
    for year, last in per_year.items():
        ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
    for incident, status, with_identifiers in incidents:
        audits.append(AuditEntry(incident=incident, actor=incident.reporter, action=AuditEntry.Action.CREATED, at=incident.reported_at, changes={"status": "reported", "anonymous": incident.reporter_id is None}))
        moment = incident.reported_at
        for before, after in zip(_PATH, _PATH[1 : _PATH.index(status) + 1]):
            moment = min(moment + dt.timedelta(days=rng.randint(1, 10)), now)
            audits.append(AuditEntry(incident=incident, actor=incident.handler, action=AuditEntry.Action.TRANSITION, at=moment, changes={"status": [before, after]}))
        if with_identifiers and incident.affected == "patient":
            patients.append(PatientDetails(incident=incident, hospital_number=f"RXN{rng.randint(1000000, 9999999)}"))
        if status in (Status.AWAITING_ACTIONS, Status.CLOSED) and incident.handler and rng.random() < 0.5:
            text, owner = rng.choice(ACTION_LINES)
            due_on = timezone.localtime(incident.reported_at).date() + dt.timedelta(days=rng.randint(14, 60))
            actions.append(IncidentAction(incident=incident, description=text, owner=owner, due_on=due_on, state=IncidentAction.State.DONE if status == Status.CLOSED else IncidentAction.State.OPEN, created_at=incident.reported_at))
        if status in (Status.UNDER_REVIEW, Status.AWAITING_ACTIONS, Status.CLOSED) and incident.handler and rng.random() < 0.7:
            feedback.append(Feedback(incident=incident, author=incident.handler, message=rng.choice(FEEDBACK_LINES), created_at=min(incident.reported_at + dt.timedelta(days=rng.randint(3, 30)), now)))
    AuditEntry.objects.bulk_create(audits, batch_size=1000)
    PatientDetails.objects.bulk_create(patients, batch_size=500)
    IncidentAction.objects.bulk_create(actions, batch_size=500)
    Feedback.objects.bulk_create(feedback, batch_size=500)
    # Safety leads have confirmed the themes of every report they have triaged.
    themes = {t.slug: t for t in Theme.objects.all()}
    confirmed = [
        ConfirmedTheme(incident=incident, theme=themes[slug], confirmed_by=incident.handler, confirmed_at=incident.reported_at)
        for incident, status, _ in incidents
        if status != Status.REPORTED
        for slug in themes_of[id(incident)]
        if slug in themes
    ]
    ConfirmedTheme.objects.bulk_create(confirmed, batch_size=1000)
    build_goals(rng, start=start, now=now)
    summary.rebuild_all()  # the rows above were bulk-loaded past the model signals that keep it up to date
    return {"incidents": len(incidents), "accounts": accounts, "password": DEMO_PASSWORD}


def build_goals(rng: random.Random, *, start: dt.datetime, now: dt.datetime) -> None:
    """Occupied bed days for every ward and a few quality goals of the kind a trust board sets."""
    first = timezone.localtime(start).date().replace(day=1)
    last = timezone.localtime(now).date().replace(day=1)
    wards = list(Location.objects.filter(kind=Location.Kind.WARD))
    rows, month = [], first
    while month <= last:
        days = (month.replace(year=month.year + (month.month == 12), month=month.month % 12 + 1) - month).days
        for ward in wards:
            beds = 24 + (ward.pk * 7) % 10
            rows.append(OccupiedBedDays(location=ward, month=month, bed_days=round(beds * days * rng.uniform(0.86, 0.98), 1)))
        month = month.replace(year=month.year + (month.month == 12), month=month.month % 12 + 1)
    OccupiedBedDays.objects.bulk_create(rows, batch_size=1000)
    series_start = first.replace(year=first.year + 1) if (last.year - first.year) > 2 else first
    themes = {t.slug: t for t in Theme.objects.all()}
    goals = [
        ("Falls with moderate or higher harm per month", "count", ["falls"], "moderate_and_above", "", "down", 2, "Falls lead", "Patient Safety Committee"),
        ("Medication incidents per 1,000 occupied bed days", "rate", ["medication"], "", "", "down", 2.5, "Chief Pharmacist", "Medicines Safety Group"),
        ("Share of incidents with moderate harm or above", "proportion", [], "", "moderate_and_above", "down", 0.12, "Director of Nursing", "Quality Committee"),
        ("Pressure ulcer incidents per month", "count", ["pressure_ulcers"], "", "", "down", 10, "Tissue viability lead", "Patient Safety Committee"),
    ]
    for name, measure, slugs, harm, numerator_harm, better, target, owner, committee in goals:
        goal = QualityGoal.objects.create(
            name=name, measure=measure, harm=harm, numerator_harm=numerator_harm, better=better, target=target,
            target_date=dt.date(last.year + 1, 3, 31), series_start=series_start, owner=owner, committee=committee,
        )
        goal.themes.set([themes[s] for s in slugs if s in themes])
    falls = QualityGoal.objects.get(name__startswith="Falls")
    GoalRecalculation.objects.create(
        goal=falls, starts_on=series_start.replace(year=series_start.year + 1), reason="Falls sensor mats and post-falls huddles introduced"
    )
