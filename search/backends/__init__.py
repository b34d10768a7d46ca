"""Search backends, configured like Django's caches through the SEARCH_BACKENDS setting.

    SEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database.DatabaseSearchBackend"}}

`get_search_backend()` returns the configured instance, created once per thread and alias.
"""
from __future__ import annotations

from asgiref.local import Local
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.connection import BaseConnectionHandler
from django.utils.module_loading import import_string

DEFAULT_ALIAS = "default"
DEFAULT_BACKEND = "search.backends.database.DatabaseSearchBackend"


class InvalidSearchBackendError(ImproperlyConfigured):
    pass


class SearchBackendHandler(BaseConnectionHandler):
    settings_name = "SEARCH_BACKENDS"
    exception_class = InvalidSearchBackendError

    def configure_settings(self, settings):
        if settings is None:
            settings = getattr(django_settings, self.settings_name, None) or {DEFAULT_ALIAS: {"BACKEND": DEFAULT_BACKEND}}
        if DEFAULT_ALIAS not in settings:
            raise self.exception_class(f"SEARCH_BACKENDS needs a '{DEFAULT_ALIAS}' entry.")
        return settings

    def create_connection(self, alias):
        params = dict(self.settings[alias])
        path = params.pop("BACKEND", DEFAULT_BACKEND)
        try:
            backend_class = import_string(path)
        except ImportError as exc:
            raise self.exception_class(
                f"SEARCH_BACKENDS['{alias}']['BACKEND'] = {path!r} could not be imported: {exc}. "
                f"Use {DEFAULT_BACKEND!r} or search.backends.elasticsearch.ElasticsearchSearchBackend."
            ) from exc
        return backend_class(alias, params)

    def reset(self):
        """Forget created backends and re-read the setting (used when tests override it)."""
        self.__dict__.pop("settings", None)  # a cached_property on the base class
        self._settings = None
        self._connections = Local(self.thread_critical)


backends = SearchBackendHandler()


def get_search_backend(alias: str = DEFAULT_ALIAS):
    """The backend configured under `alias` in SEARCH_BACKENDS."""
    return backends[alias]


@receiver(setting_changed)
def _reset_on_setting_change(*, setting, **kwargs):
    if setting in {"SEARCH_BACKENDS", "DATABASES"}:
        backends.reset()
