"""Domain events that other apps (learning, search, notifications) listen to.

They are sent after the transaction that made the change commits, so a rolled-back write never reaches a
listener. When tasks are queued in the database, they are sent inside a transaction of their own so that the
listeners' queue writes commit together; each listener keeps its writes in a savepoint (`transaction.atomic()`)
so that one failing does not undo another's. Listeners must not raise: a failure in a secondary system never
loses a report.
"""
from django.dispatch import Signal

incident_submitted = Signal()  # kwargs: incident_id
incident_changed = Signal()  # kwargs: incident_id
feedback_sent = Signal()  # kwargs: feedback_id
