"""Browser tests: the `browser` and `new_page` fixtures live in tests/conftest.py (one Playwright session per run)."""
import pytest


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
