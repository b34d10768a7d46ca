"""Factories for the domain. Incidents are made through the submission service, as a user would."""
from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from incidents import services
from incidents.models import Directorate, Location, Site, Specialty, StaffProfile

PASSWORD = "correct-horse-battery"


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    code = factory.Sequence(lambda n: f"S{n:04d}")


class DirectorateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directorate

    site = factory.SubFactory(SiteFactory)
    name = factory.Sequence(lambda n: f"Directorate {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Ward {n}")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty

    name = factory.Sequence(lambda n: f"Specialty {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        StaffProfile.objects.create(user=self, role=extracted or StaffProfile.Role.REPORTER)
        self.save()


def make_user(role: str = StaffProfile.Role.REPORTER, *, sites=(), directorates=(), **kwargs):
    if role == StaffProfile.Role.ADMIN:
        kwargs.setdefault("is_superuser", True)
        kwargs.setdefault("is_staff", True)
    user = UserFactory(role=role, **kwargs)
    profile = user.vigil_profile
    profile.sites.set(sites)
    profile.directorates.set(directorates)
    return user


def incident_data(location: Location, **overrides) -> dict:
    data = {
        "event_type": "incident",
        "occurred_at": timezone.now() - dt.timedelta(hours=3),
        "location": location,
        "narrative": "Pt found on floor beside bed at 03:00, unwitnessed fall. Obs stable, no injury seen.",
        "immediate_actions": "Checked for injury, doctor informed.",
        "affected": "patient",
        "number_affected": 1,
        "physical_harm": "low",
        "psychological_harm": "none",
    }
    data.update(overrides)
    return data


def submit(location: Location, *, reporter=None, anonymous=False, nhs_number="", hospital_number="", **overrides):
    return services.incident_submit(
        data=incident_data(location, **overrides),
        reporter=reporter,
        anonymous=anonymous,
        nhs_number=nhs_number,
        hospital_number=hospital_number,
    )
