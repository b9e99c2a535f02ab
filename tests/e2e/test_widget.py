"""The website chat widget in a real browser: Debian's Chromium driven by Playwright.

Runs against the demo clinic website and the Rasa server that `make test` starts
(`scripts/servers.py exec` exports LANTERN_WEB_URL and LANTERN_RASA_URL). One browser for the
module, a fresh context (fresh sessionStorage) per test. Screenshots go to results/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator, List

import playwright.sync_api as playwright_api
import pytest
import requests

from lantern.paths import PROJECT_ROOT

CHROMIUM = Path(os.environ.get("LANTERN_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = PROJECT_ROOT / "results" / "screenshots"
WIDGET = PROJECT_ROOT / "web" / "widget"
ANSWER = 30_000  # ms: a reply from the assistant, generous for a loaded 2-core machine

expect = playwright_api.expect


@pytest.fixture(scope="module")
def web_url() -> str:
    url = os.environ.get("LANTERN_WEB_URL")
    if not url:
        pytest.fail(
            "LANTERN_WEB_URL is not set: the browser tests run against the servers `make test` "
            "starts (scripts/servers.py exec -- pytest -m live)."
        )
    return url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `make install` installs Debian's chromium package "
            "(apt-get install -y chromium), or set LANTERN_CHROMIUM to a Chromium binary."
        )
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: playwright_api.Browser) -> Iterator[playwright_api.BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context: playwright_api.BrowserContext) -> Iterator[playwright_api.Page]:
    page = context.new_page()
    dialogs: List[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    yield page
    assert not dialogs, f"a dialog opened: {dialogs}"


def shot(page: playwright_api.Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def open_chat(page: playwright_api.Page, web_url: str) -> None:
    page.goto(web_url)
    page.get_by_role("button", name="Chat with us").click()
    expect(page.locator("#lantern-widget .status")).to_have_text("Connected", timeout=ANSWER)


def say(page: playwright_api.Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your message")
    box.fill(text)
    box.press("Enter")


def bot_messages(page: playwright_api.Page) -> playwright_api.Locator:
    return page.locator("#lantern-widget .message.bot")


def fallback_links(banner: playwright_api.Locator) -> List[str]:
    """The banner's tel: links (911, 988 and the clinic's line from the profile)."""
    return list(banner.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))


def test_ask_a_question_and_see_the_answer(page: playwright_api.Page, web_url: str) -> None:
    open_chat(page, web_url)
    expect(
        page.get_by_text("Automated assistant, not a person and not for emergencies")
    ).to_be_visible()
    call = page.locator("#lantern-widget .call")
    expect(call).to_have_attribute("href", re.compile(r"^tel:\+1\d{10}$"))
    say(page, "what is ketamine therapy?")
    expect(page.locator("#lantern-widget .message.user").last).to_have_text(
        re.compile("what is ketamine therapy")
    )
    expect(bot_messages(page).filter(has_text=re.compile("ketamine", re.I)).first).to_be_visible(
        timeout=ANSWER
    )
    # The typing indicator goes once the answer is in.
    expect(page.locator("#lantern-widget .typing")).to_be_hidden()
    shot(page, "answer")


def test_quick_reply_sends_its_payload_and_shows_its_title(
    page: playwright_api.Page, web_url: str
) -> None:
    open_chat(page, web_url)
    say(page, "hi")
    suggestion = page.get_by_role("button", name="How do I get started?")
    expect(suggestion).to_be_visible(timeout=ANSWER)
    shot(page, "quick-replies")
    answers_before = bot_messages(page).count()
    suggestion.click()
    expect(page.locator("#lantern-widget .message.user").last).to_have_text(
        re.compile("How do I get started")
    )
    # The suggestions go once one is chosen, and the assistant answers the choice.
    expect(page.locator("#lantern-widget .quick-replies")).to_have_count(0)
    expect(bot_messages(page)).not_to_have_count(answers_before, timeout=ANSWER)


def test_crisis_reply_shows_the_banner_until_closed(
    page: playwright_api.Page, web_url: str
) -> None:
    open_chat(page, web_url)
    say(page, "i want to kill myself")
    banner = page.locator("#lantern-widget .banner.crisis")
    expect(banner).to_be_visible(timeout=ANSWER)
    expect(banner.locator('a[href="tel:911"]')).to_be_visible()
    expect(banner.locator('a[href="tel:988"]')).to_be_visible()
    expect(bot_messages(page).filter(has_text="988").first).to_be_visible()
    shot(page, "crisis-banner")
    # It stays through a reload, and goes only when closed.
    page.reload()
    expect(banner).to_be_visible()
    page.get_by_role("button", name="Close the emergency numbers").click()
    expect(banner).to_be_hidden()


def test_no_answer_within_8_seconds_shows_the_numbers(
    page: playwright_api.Page, web_url: str
) -> None:
    """The socket connects, but the assistant's replies never arrive (dropped on the way)."""

    def drop_replies(ws: playwright_api.WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(
            lambda message: None if "bot_uttered" in str(message) else ws.send(message)
        )

    page.route_web_socket(re.compile(r"/socket\.io/"), drop_replies)
    open_chat(page, web_url)
    started = time.monotonic()
    say(page, "what are your hours?")
    fallback = page.locator("#lantern-widget .banner.fallback")
    expect(fallback).to_be_visible(timeout=12_000)
    waited = time.monotonic() - started
    assert 7.5 <= waited <= 11.5, f"the numbers should appear after 8 s, not {waited:.1f} s"
    assert set(fallback_links(fallback)) == {"tel:911", "tel:988", "tel:+18338672329"}
    shot(page, "fallback-no-answer")


def test_unreachable_assistant_shows_the_numbers(
    context: playwright_api.BrowserContext, web_url: str
) -> None:
    page = context.new_page()
    # The same page, its widget pointed at a port where nothing listens.
    page.route(
        "**/config.js",
        lambda route: route.fulfill(
            content_type="text/javascript",
            body='window.LanternWidget = {socketUrl: "http://127.0.0.1:9", '
            'clinicName: "Bespoke Treatment", clinicPhone: "(833) 867-2329"};',
        ),
    )
    page.goto(web_url)
    page.get_by_role("button", name="Chat with us").click()
    fallback = page.locator("#lantern-widget .banner.fallback")
    expect(fallback).to_be_visible(timeout=15_000)
    assert set(fallback_links(fallback)) == {"tel:911", "tel:988", "tel:+18338672329"}
    expect(page.locator("#lantern-widget .status")).to_contain_text("Can't reach")
    shot(page, "fallback-unreachable")


def test_reload_keeps_the_conversation(page: playwright_api.Page, web_url: str) -> None:
    open_chat(page, web_url)
    say(page, "where are you located")
    expect(bot_messages(page).filter(has_text="Santa Monica").first).to_be_visible(timeout=ANSWER)
    session_id = page.evaluate("JSON.parse(sessionStorage.getItem('lantern-widget')).sessionId")
    assert re.fullmatch(r"[0-9a-f]{32}", session_id), session_id
    count = bot_messages(page).count()
    page.reload()
    # The panel is open again with the same messages, and the same session continues.
    expect(page.locator("#lantern-widget .message.user").first).to_have_text(
        re.compile("where are you located")
    )
    expect(bot_messages(page)).to_have_count(count)
    expect(page.locator("#lantern-widget .status")).to_have_text("Connected", timeout=ANSWER)
    assert (
        page.evaluate("JSON.parse(sessionStorage.getItem('lantern-widget')).sessionId")
        == session_id
    )
    say(page, "what are your hours?")
    expect(bot_messages(page)).not_to_have_count(count, timeout=ANSWER)
    # "End conversation" forgets it: a new session id and no history.
    page.get_by_role("button", name="End conversation").click()
    expect(page.locator("#lantern-widget .message")).to_have_count(0)
    assert (
        page.evaluate("JSON.parse(sessionStorage.getItem('lantern-widget')).sessionId")
        != session_id
    )


def test_dropped_connection_reconnects_to_the_same_conversation(
    page: playwright_api.Page, web_url: str
) -> None:
    routes: List[playwright_api.WebSocketRoute] = []
    blocked = {"now": False}

    def through(ws: playwright_api.WebSocketRoute) -> None:
        if blocked["now"]:
            ws.close()
            return
        ws.connect_to_server()
        routes.append(ws)

    page.route_web_socket(re.compile(r"/socket\.io/"), through)
    open_chat(page, web_url)
    say(page, "where are you located")
    expect(bot_messages(page).filter(has_text="Santa Monica").first).to_be_visible(timeout=ANSWER)
    session_id = page.evaluate("JSON.parse(sessionStorage.getItem('lantern-widget')).sessionId")
    # The connection drops, and stays down for a moment: the widget says so.
    blocked["now"] = True
    routes[-1].close()
    status = page.locator("#lantern-widget .status")
    expect(status).to_have_text(re.compile("Connection lost|Can't reach"))
    shot(page, "reconnecting")
    blocked["now"] = False
    expect(status).to_have_text("Connected", timeout=ANSWER)
    count = bot_messages(page).count()
    say(page, "what are your hours?")
    expect(bot_messages(page)).not_to_have_count(count, timeout=ANSWER)
    # Both questions are in one conversation on the server.
    tracker = requests.get(
        f"{os.environ['LANTERN_RASA_URL']}/conversations/{session_id}/tracker",
        params={"token": os.environ.get("LANTERN_RASA_API_TOKEN", "")},
        timeout=30,
    ).json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert said == ["where are you located", "what are your hours?"], said


def test_html_and_script_are_shown_as_text(page: playwright_api.Page, web_url: str) -> None:
    open_chat(page, web_url)
    payloads = ["<img src=x onerror=alert(1)>", "<script>alert(2)</script>", "<b>bold</b>"]
    for payload in payloads:
        say(page, payload)
        expect(page.locator("#lantern-widget .message.user .text").last).to_have_text(payload)
    # Wait for the replies, so anything the assistant echoes would be rendered too.
    expect(bot_messages(page).nth(1)).to_be_visible(timeout=ANSWER)
    page.wait_for_timeout(500)
    created = page.evaluate(
        """() => {
          const root = document.querySelector('#lantern-widget').shadowRoot;
          return root.querySelectorAll('.log img, .log script, .log b').length;
        }"""
    )
    assert created == 0
    assert page.dialogs == []  # type: ignore[attr-defined]
    shot(page, "html-as-text")


def test_keyboard_only(page: playwright_api.Page, web_url: str) -> None:
    page.goto(web_url)
    launcher = page.get_by_role("button", name="Chat with us")
    for _ in range(20):
        page.keyboard.press("Tab")
        if launcher.evaluate("b => b.getRootNode().activeElement === b"):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    # The focus ring is visible.
    outline = launcher.evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Your message")
    expect(box).to_be_focused()
    expect(page.locator("#lantern-widget .status")).to_have_text("Connected", timeout=ANSWER)
    page.keyboard.type("what is cocaine use disorder")
    page.keyboard.press("Enter")
    expect(bot_messages(page).filter(has_text=re.compile("cocaine", re.I)).first).to_be_visible(
        timeout=ANSWER
    )
    log = page.locator("#lantern-widget [role=log]")
    expect(log).to_have_attribute("aria-live", "polite")
    shot(page, "keyboard")
    # Escape closes the panel and gives the focus back to the launcher.
    box.focus()
    page.keyboard.press("Escape")
    expect(page.locator("#lantern-widget .panel")).to_be_hidden()
    assert page.get_by_role("button", name="Chat with us").evaluate(
        "b => b.getRootNode().activeElement === b"
    )


def test_phone_width_layout(browser: playwright_api.Browser, web_url: str) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        open_chat(page, web_url)
        say(page, "hi")
        expect(page.get_by_role("button", name="Talk to a person")).to_be_visible(timeout=ANSWER)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 360, f"horizontal scroll: page is {scroll_width} px wide"
        box = page.locator("#lantern-widget .panel").bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        for selector in (".call", ".composer .send", ".end"):
            element = page.locator(f"#lantern-widget {selector}").bounding_box()
            assert element is not None and element["x"] + element["width"] <= 360, selector
        shot(page, "phone-360")
    finally:
        context.close()


def test_committed_bundle_matches_a_fresh_build() -> None:
    """web/static/lantern-widget.js is committed (so `make run` needs no npm): it must be the
    build of web/widget/src with the locked packages."""
    npm = shutil.which("npm")
    assert npm is not None, "npm is not installed: it is needed to rebuild the widget and compare"
    if not (WIDGET / "node_modules" / ".bin" / "esbuild").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=WIDGET, check=True)
    result = subprocess.run(
        [npm, "run", "--silent", "check"], cwd=WIDGET, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        "web/static/lantern-widget.js differs from a fresh build: run `make widget` and commit it\n"
        + result.stdout
        + result.stderr
    )
