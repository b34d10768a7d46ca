from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incidents import extensions

        from . import receivers  # noqa: F401 - connects the signal receivers
        from . import summary_receivers  # noqa: F401 - keeps the trends summary in step with incidents
        from . import backlog, forms, selectors, views

        extensions.register_detail_panel(
            extensions.DetailPanel(template="learning/themes_panel.html", context=views.themes_panel_context, order=50)
        )
        extensions.register_list_filter(
            extensions.ListFilter(name="theme", field=forms.theme_filter_field, apply=selectors.incidents_with_theme)
        )
        if hasattr(extensions, "register_backlog"):
            extensions.register_backlog(
                extensions.Backlog(name="theme classification", pending=backlog.pending, retry=backlog.retry)
            )
