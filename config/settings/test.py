"""Test profile: fast hashing, in-memory mail, in-process tasks."""
from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Django's test client signs in without a request, which django-axes needs; the lockout test turns it on.
AXES_ENABLED = False
# Tests never pick up a model a developer trained locally: the learning tests train their own.
LEARNING = {**LEARNING, "MODEL_DIR": str(BASE_DIR / "var" / "test-models")}  # noqa: F405
