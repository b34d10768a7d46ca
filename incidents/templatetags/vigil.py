from django import forms, template

register = template.Library()

_CLASSES = {
    forms.Textarea: "nhsuk-textarea",
    forms.Select: "nhsuk-select",
    forms.CheckboxInput: "nhsuk-checkboxes__input",
}


@register.filter
def widget_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def nhsuk(field):
    """Render a bound field's widget with the NHS.UK class and links to its hint and error."""
    widget = field.field.widget
    css = next((c for w, c in _CLASSES.items() if isinstance(widget, w)), "nhsuk-input")
    if field.errors:
        css += " nhsuk-input--error" if css == "nhsuk-input" else f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def label_for(choices, value) -> str:
    return dict(choices).get(value, value)
