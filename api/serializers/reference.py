"""Reference data a client needs to submit and filter: locations, specialties, themes."""
from __future__ import annotations

from rest_framework import serializers


class SpecialtyOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ThemeOut(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    definition = serializers.CharField()
    active = serializers.BooleanField()


class PingOut(serializers.Serializer):
    status = serializers.CharField()
