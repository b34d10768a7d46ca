"""Domain events that other apps (learning, search, notifications) listen to.

They are sent after the transaction commits, so a rolled-back write never reaches a listener.
Listeners must not raise: a failure in a secondary system never loses a report.
"""
from django.dispatch import Signal

incident_submitted = Signal()  # kwargs: incident_id
incident_changed = Signal()  # kwargs: incident_id
feedback_sent = Signal()  # kwargs: feedback_id
