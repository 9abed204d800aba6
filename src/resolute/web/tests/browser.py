"""Helpers for browser tests."""

import os
from pathlib import Path

CHROMIUM = os.environ.get("RESOLUTE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("RESOLUTE_TEST_ARTIFACTS", "test-artifacts"))

# Playwright's sync API runs an event loop in the test thread; the ORM calls the fixtures make are
# ordinary blocking calls, so Django's async-safety guard is relaxed for browser tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page, live_server, username: str, password: str = "resolute-demo") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
