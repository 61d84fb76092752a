"""Browser tests: the real app under uvicorn on 127.0.0.1, driven in headless Chromium.

Debian's ``chromium`` (installed by ``bin/setup``) through Playwright's Python package;
Playwright's own browser download is never used. Screenshots of every page go to
``tests/.screenshots/`` (ignored by git) for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bot.api.app import create_app
from tests.api.conftest import NOW, api_settings, build_practice
from tests.live_server import serving
from tools.access import Actor
from tools.clock import FixedClock
from tools.context import ToolContext
from tools.store.database import Database
from tools.tokens import issue_token

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / ".screenshots"


@dataclass
class Live:
    url: str
    records: ToolContext
    staff: dict[str, int]
    tokens: dict[str, str]
    browser: Browser

    def page_as(self, who: str, width: int = 1366, *, axe: bool = False) -> Page:
        """A fresh browser context signed in through the sign-in page. ``axe``: the
        accessibility checker may be put into pages (it is a script the pages' content
        security policy would refuse, rightly)."""
        context = self.browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=axe)
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.goto(f"{self.url}/login")
        page.get_by_label("API token").fill(self.tokens[who])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state("networkidle")
        return page


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def live(engine: Any, browser: Browser, tmp_path: Path, text_guard: Any) -> Iterator[Live]:
    records = ToolContext(
        Database(f"sqlite:///{tmp_path / 'records.db'}"), FixedClock(NOW), guard=text_guard
    )
    records.prepare()
    staff, _ = build_practice(records)
    tokens = {k: issue_token(records, Actor.system("test"), v).secret for k, v in staff.items()}
    engine.services.records = records
    try:
        with serving(create_app(api_settings(tmp_path), engine, records)) as url:
            yield Live(url, records, staff, tokens, browser)
    finally:
        engine.services.records = None
        records.db.dispose()
