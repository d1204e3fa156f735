"""The web page end to end: a real uvicorn server on loopback, driven by headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.webtools import chromium, l2r_pairs, live_server
from wiretrace.web import create_app

PAYLOAD_TITLE = "Harbour council meets"
XSS_TEXT = (
    "The harbour council met on Tuesday to discuss the new ferry timetable for the summer season. "
    "<script>window.__pwned = 1; document.title = 'pwned';</script> "
    "Residents said the plan was <img src=x onerror=\"window.__pwned = 2; document.title = 'pwned'\"> too late. "
    "The council will vote on the timetable next month after a public consultation closes."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = create_app(tmp_path_factory.mktemp("e2e-index"))
    with live_server(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as driver:
        yield driver


def _paste(driver: Any, element_id: str, text: str) -> None:
    """Put `text` in a textarea as a paste would (typing thousands of characters is slow)."""
    field = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].value = arguments[1];", field, text)


def _wait(driver: Any, css: str) -> Any:
    return WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_compare_form_then_click_a_sentence_highlights_its_counterpart(server: str, browser: Any) -> None:
    (source, rewrites), *_ = l2r_pairs(1)
    browser.get(server + "/compare")
    _paste(browser, "source_text", source["text"])
    _paste(browser, "target_text", rewrites[0]["text"])
    browser.find_element(By.ID, "compare-submit").click()
    _wait(browser, "article.target .sent[data-links]")
    assert "wiretrace" in browser.title
    sentence = browser.find_element(By.CSS_SELECTOR, "article.target .sent[data-links]")
    partners = sentence.get_attribute("data-links").split()
    assert partners and all(p.startswith("s-") for p in partners)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", sentence)
    sentence.click()
    assert "highlight" in sentence.get_attribute("class").split()
    for pid in partners:
        assert "highlight" in browser.find_element(By.ID, pid).get_attribute("class").split()
    # a second click on the same sentence unpins the highlight
    sentence.click()
    browser.execute_script(
        "document.querySelectorAll('.sent').forEach(function(e){e.dispatchEvent(new Event('mouseleave'))});"
    )
    assert "highlight" not in browser.find_element(By.ID, partners[0]).get_attribute("class").split()


def test_markup_in_article_text_is_shown_as_text_and_never_runs(server: str, browser: Any, tmp_path: Path) -> None:
    browser.get(server + "/compare")
    _paste(browser, "source_text", PAYLOAD_TITLE + "\n\n" + XSS_TEXT)
    _paste(browser, "target_text", PAYLOAD_TITLE + "\n\n" + XSS_TEXT.replace("Tuesday", "Wednesday"))
    browser.find_element(By.ID, "compare-submit").click()
    _wait(browser, "article.target .sent")
    assert browser.execute_script("return window.__pwned === undefined")
    assert "pwned" not in browser.title
    # the payload is on the page as visible text, not as elements
    body_text = browser.find_element(By.CSS_SELECTOR, "article.target").text
    assert "<script>window.__pwned = 1;" in body_text and "onerror=" in body_text
    assert browser.execute_script("return document.querySelectorAll('main img, main script').length") == 0
    scripts = browser.execute_script("return Array.from(document.scripts).map(function(s){return s.src})")
    assert scripts == [server + "/static/compare.js"]
