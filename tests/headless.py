"""Open a page in Debian's headless Chromium (driven by Playwright, which downloads nothing:
it is pointed at /usr/bin/chromium), with every request recorded and any non-file one blocked."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str | None:
    """Return the path of the system's Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class PageResult:
    """What a page did: its requests (URLs), console errors and the value of a JS expression."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    state: Any = None


@contextmanager
def chromium_page(viewport: tuple[int, int] = (1400, 900)) -> Iterator[Any]:
    """Yield a page of a fresh headless Chromium (a new empty profile), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": viewport[0], "height": viewport[1]},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def open_page(
    page_file: Path,
    expression: str,
    screenshot: Path | None = None,
    wait_for: str = "window.aigraph && window.aigraph.ready",
    timeout_ms: int = 60_000,
    click_at: str | None = None,
) -> PageResult:
    """Load ``page_file`` headless, wait for ``wait_for``, click where the JS expression
    ``click_at`` says (``{x, y}`` in page pixels) if given, and return ``expression``'s value.
    Every request is recorded; any that is not for a file is blocked."""
    result = PageResult()
    with chromium_page() as page:
        page.on("request", lambda request: result.requests.append(request.url))
        page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: result.errors.append(str(error)))
        page.context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        page.goto(page_file.resolve().as_uri())
        page.wait_for_function(wait_for, timeout=timeout_ms)
        page.wait_for_timeout(1500)
        if click_at:
            spot = page.evaluate(click_at)
            page.mouse.click(spot["x"], spot["y"])
            page.wait_for_timeout(300)
        result.state = page.evaluate(expression)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshot))
    return result
