from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import extensions, notifications, receivers  # noqa: F401

        extensions.register_backlog(
            extensions.Backlog(name="feedback e-mails", pending=notifications.pending, retry=notifications.retry)
        )
