"""The browser tests leave the README's tracked screenshots alone unless asked to refresh
them."""

from __future__ import annotations

from tests.e2e.portal_support import DOCS_SCREENSHOTS, RUN_SCREENSHOTS, screenshot_folder


def test_screenshots_go_to_var_when_a_test_run_is_not_asked_to_refresh_docs(monkeypatch):
    monkeypatch.delenv("REFRESH_SCREENSHOTS", raising=False)
    assert screenshot_folder() == RUN_SCREENSHOTS
    assert RUN_SCREENSHOTS.parts[-2:] == ("var", "screenshots")


def test_screenshots_go_to_docs_when_refresh_screenshots_is_one(monkeypatch):
    monkeypatch.setenv("REFRESH_SCREENSHOTS", "1")
    assert screenshot_folder() == DOCS_SCREENSHOTS
    assert DOCS_SCREENSHOTS.parts[-2:] == ("docs", "screenshots")
