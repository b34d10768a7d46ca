"""A database backend that can be switched off, to test what happens while search is down."""
from search.backends.base import SearchBackendError
from search.backends.database import DatabaseSearchBackend


class FlakyBackend(DatabaseSearchBackend):
    down = False

    def _fail(self):
        if FlakyBackend.down:
            raise SearchBackendError("search cluster unreachable (test)")

    def index(self, documents):
        self._fail()
        return super().index(documents)

    def delete(self, incident_ids):
        self._fail()
        return super().delete(incident_ids)

    def search(self, criteria):
        self._fail()
        return super().search(criteria)
