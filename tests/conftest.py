import os
import shutil

import pytest

from incidents.models import StaffProfile
from tests.factories import LocationFactory, make_user, submit

VALID_NHS_NUMBER = "9434765919"
HOSPITAL_NUMBER = "RX4455667"


@pytest.fixture
def ward(db):
    return LocationFactory()


@pytest.fixture
def other_ward(db):
    """A ward on another site: outside the scope of the handler fixture."""
    return LocationFactory()


@pytest.fixture
def reporter(db):
    return make_user(StaffProfile.Role.REPORTER)


@pytest.fixture
def handler(ward):
    return make_user(StaffProfile.Role.HANDLER, directorates=[ward.directorate])


@pytest.fixture
def site_handler(ward):
    return make_user(StaffProfile.Role.HANDLER, sites=[ward.directorate.site])


@pytest.fixture
def governance(db):
    return make_user(StaffProfile.Role.GOVERNANCE)


@pytest.fixture
def admin_user(db):
    return make_user(StaffProfile.Role.ADMIN)


# ---- real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.
# One Playwright session for the whole run (two in one process collide), shared by every browser test.
CHROMIUM = os.environ.get("VIGIL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (./dev test does this as root)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM must be allowed beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(**kwargs):
        context = browser.new_context(base_url=live_server.url, **kwargs)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def taxonomy(db):
    """The theme taxonomy the migrations seed. Transactional tests empty every table when they end, so a
    later transactional test puts it back with this."""
    import json
    from pathlib import Path

    from learning.models import Theme

    rows = json.loads((Path(__file__).resolve().parents[1] / "learning" / "data" / "taxonomy.json").read_text())
    for row in rows:
        Theme.objects.update_or_create(slug=row["slug"], defaults={"name": row["name"], "definition": row["definition"]})
    return {t.slug: t for t in Theme.objects.all()}


@pytest.fixture
def world(ward, other_ward):
    """For the role x action matrices (web and API): one reporter's incident with identifiers in a ward, and everyone who might ask about it."""
    reporter = make_user(StaffProfile.Role.REPORTER, first_name="Rita", last_name="Reporter")
    people = {
        "anonymous": None,
        "reporter_own": reporter,
        "reporter_other": make_user(StaffProfile.Role.REPORTER),
        "handler_in_scope": make_user(StaffProfile.Role.HANDLER, directorates=[ward.directorate]),
        "site_handler_in_scope": make_user(StaffProfile.Role.HANDLER, sites=[ward.directorate.site]),
        "handler_out_of_scope": make_user(StaffProfile.Role.HANDLER, directorates=[other_ward.directorate]),
        "governance": make_user(StaffProfile.Role.GOVERNANCE),
        "admin": make_user(StaffProfile.Role.ADMIN),
    }
    incident = submit(
        ward,
        reporter=reporter,
        nhs_number=VALID_NHS_NUMBER,
        hospital_number=HOSPITAL_NUMBER,
        narrative=f"Pt {HOSPITAL_NUMBER} NHS {VALID_NHS_NUMBER} given wrong dose of enoxaparin.",
        physical_harm="moderate",
    ).incident
    people["original"] = submit(ward, reporter=reporter).incident
    return people, incident
