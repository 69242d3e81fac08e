"""The docs site in a real browser: pages render without errors, search finds places, tables fit.

The built site is served on 127.0.0.1 and opened in headless Chromium (Debian's `chromium` and
`chromedriver`, driven by Selenium). `scripts/check.sh` installs them where they are missing;
without them these tests fail, saying how to install them (set `SWCHINA_NO_BROWSER=1` to skip
them on purpose, and the skip is reported). Screenshots of each page are written to the test's
temporary folder.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PAGES = {
    "home": "",
    "guide": "guide/units/",
    "province": "catalog/regions/guizhou/",
    "api": "api/",
}
RAW_MARKUP = (":class:", ":func:", ":meth:", "=====")


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if os.environ.get("SWCHINA_NO_BROWSER") == "1":
        pytest.skip("SWCHINA_NO_BROWSER=1: the browser tests are skipped on purpose")
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail(
            "the browser tests need Chromium and ChromeDriver: apt-get install chromium "
            "chromium-driver (scripts/check.sh does it), or set SWCHINA_NO_BROWSER=1 to skip them"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.parametrize("name", PAGES)
def test_the_page_renders_without_errors_or_raw_markup(
    browser: object, served: str, name: str, tmp_path: Path
) -> None:
    browser.get(served + PAGES[name])  # type: ignore[attr-defined]
    errors = [
        entry["message"]
        for entry in browser.get_log("browser")  # type: ignore[attr-defined]
        if entry["level"] == "SEVERE"
    ]
    assert errors == [], errors
    text = browser.find_element("tag name", "body").text  # type: ignore[attr-defined]
    assert len(text) > 200, "the page is (nearly) empty"
    assert not [mark for mark in RAW_MARKUP if mark in text]
    shot = tmp_path / f"{name}.png"
    assert browser.save_screenshot(str(shot))  # type: ignore[attr-defined]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one


@pytest.mark.parametrize(("query", "expected"), [("Weining", "Weining"), ("毕节", "毕节")])
def test_search_finds_places(browser: object, served: str, query: str, expected: str) -> None:
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served)  # type: ignore[attr-defined]
    box = browser.find_element("css selector", "input.md-search__input")  # type: ignore[attr-defined]
    browser.execute_script("arguments[0].focus()", box)  # type: ignore[attr-defined]
    box.send_keys(query)
    WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located(("css selector", ".md-search-result__item"))
    )
    results = browser.find_element("css selector", ".md-search-result").text  # type: ignore[attr-defined]
    assert expected in results


@pytest.mark.parametrize(
    "page",
    ["catalog/regions/guizhou/", "catalog/indicators/", "catalog/zones/", "catalog/enterprises/"],
)
def test_catalog_tables_fit_and_ids_stay_whole(browser: object, served: str, page: str) -> None:
    # On a narrow window (900 px: a laptop's half screen) no visible table scrolls sideways
    # and no id or code breaks over lines (before the site's stylesheet, 110 ids of the
    # indicators page wrapped a few characters a line).
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.set_window_size(900, 900)  # type: ignore[attr-defined]
    try:
        browser.get(served + page)  # type: ignore[attr-defined]
        # The theme's script wraps each table in `.md-typeset__table` after the page loads.
        WebDriverWait(browser, 30).until(
            expected_conditions.presence_of_element_located(("css selector", ".md-typeset__table"))
        )
        visible = (
            "[...document.querySelectorAll('.md-typeset__table')]"
            ".filter(t => t.offsetParent !== null)"
        )
        tables = browser.execute_script(f"return {visible}.length;")  # type: ignore[attr-defined]
        overflowing = browser.execute_script(  # type: ignore[attr-defined]
            f"return {visible}.filter(t => t.scrollWidth - t.clientWidth > 1).length;"
        )
        broken = browser.execute_script(  # type: ignore[attr-defined]
            "return [...document.querySelectorAll('.md-typeset__table td code')]"
            ".filter(c => c.offsetParent !== null && c.getClientRects().length > 1).length;"
        )
    finally:
        browser.set_window_size(1280, 900)  # type: ignore[attr-defined]
    assert tables > 0
    assert (overflowing, broken) == (0, 0)
