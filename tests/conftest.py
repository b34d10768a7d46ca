import pytest

from incidents.models import StaffProfile
from tests.factories import LocationFactory, make_user

VALID_NHS_NUMBER = "9434765919"


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
