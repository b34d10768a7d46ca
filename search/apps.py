from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incidents import extensions

        from . import checks, indexing, panels, receivers  # noqa: F401  (checks registers itself)

        receivers.connect()
        extensions.register_detail_panel(panels.similar_panel)
        if hasattr(extensions, "register_backlog"):
            extensions.register_backlog(
                extensions.Backlog(name="search index", pending=indexing.pending, retry=lambda limit: indexing.process(limit=limit).indexed)
            )
