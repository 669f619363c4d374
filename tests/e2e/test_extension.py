"""The real extension in Debian's Chromium against the real service (real model) and local pages."""

import re
from pathlib import Path

import pytest

from tests.e2e.harness import CHROMIUM, blurred_groups, browser_with_extension, page_server, wait_until_checked
from tests.live_server import live_server, request

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (bin/test installs it)"),
]


@pytest.fixture(scope="module")
def feedback_db(tmp_path_factory):
    return tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"


@pytest.fixture(scope="module")
def service(real_model_dir, feedback_db):
    env = {"SPOILER_MODEL_DIR": real_model_dir, "SPOILER_RATE_LIMIT": "", "SPOILER_FEEDBACK_DB": feedback_db}
    with live_server(env, workers=1) as server:
        yield server


@pytest.fixture(scope="module")
def pages():
    with page_server() as base:
        yield base


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture()
def browser(playwright, service, request):
    settings = {"serviceUrl": service.base, **getattr(request, "param", {})}
    with browser_with_extension(playwright, settings) as (context, worker):
        yield context, worker


def sentences_the_service_flags(service, text, threshold=None):
    body = {"text": text} if threshold is None else {"text": text, "threshold": threshold}
    status, answer = request(service.base, "/v1/detect", body)
    assert status == 200
    return sorted(text[s["start"]:s["end"]] for s in answer["spoilers"])


HIGH = {"sensitivity": 0.9}


def extension_threshold(worker, sensitivity):
    """The threshold the extension itself sends for a sensitivity (its own code computes it)."""
    return worker.evaluate("s => globalThis.SpoilerShield.thresholdFor(s)", sensitivity)


def test_an_article_gets_exactly_the_spans_the_service_returns_blurred(browser, pages, service, tmp_path):
    context, _ = browser
    page = context.new_page()
    page.goto(f"{pages}/article.html")
    page.wait_for_selector(".ss-spoiler", timeout=15000)
    wait_until_checked(page)
    block = page.eval_on_selector("#p-spoil", "el => el.textContent")
    expected = sentences_the_service_flags(service, block)
    assert expected, "the model should find a spoiler in this paragraph"
    shown = page.eval_on_selector_all("#p-spoil .ss-spoiler", "spans => spans.map(s => s.dataset.ssGroup)")
    groups = sorted({g for g in shown})
    texts = sorted(page.evaluate("""key => [...document.querySelectorAll(`#p-spoil .ss-spoiler`)]
        .filter(s => s.dataset.ssGroup === key).map(s => s.textContent).join('')""", key) for key in groups)
    assert texts == expected
    for neutral in ("#p-news", "#p-neutral"):
        assert page.eval_on_selector_all(f"{neutral} .ss-spoiler", "s => s.length") == 0
    # Links and emphasis inside a spoiler keep working: the spans wrap text, the elements stay.
    assert page.eval_on_selector("#p-spoil a", "a => a.getAttribute('href')") == "#bran"
    page.screenshot(path=str(tmp_path / "blurred-article.png"), full_page=True)


def test_hover_says_why_and_a_click_or_enter_reveals(browser, pages):
    context, _ = browser
    page = context.new_page()
    page.goto(f"{pages}/article.html")
    span = page.wait_for_selector("#p-spoil .ss-spoiler", timeout=15000)
    assert re.match(r"Spoiler: \w+", span.get_attribute("title"))
    key = span.get_attribute("data-ss-group")
    span.click()
    assert page.eval_on_selector_all(f"[data-ss-group='{key}']", "s => s.every(x => x.classList.contains('ss-revealed'))")
    others = page.query_selector_all(".ss-spoiler:not(.ss-revealed)")
    if others:
        others[0].focus()
        page.keyboard.press("Enter")
        assert "ss-revealed" in others[0].get_attribute("class")


def test_inputs_editable_text_and_code_are_never_touched(browser, pages):
    context, _ = browser
    page = context.new_page()
    page.goto(f"{pages}/article.html")
    page.wait_for_selector(".ss-spoiler", timeout=15000)
    wait_until_checked(page)
    for selector in ("#editor", "#code", "form"):
        assert page.eval_on_selector(selector, "el => el.querySelectorAll('.ss-spoiler, [data-ss-pending]').length") == 0
    assert page.eval_on_selector("#comment", "t => t.value").startswith("Arya kills")
    page.fill("#field", "typing still works")
    assert page.eval_on_selector("#field", "f => f.value") == "typing still works"


@pytest.mark.parametrize("browser", [HIGH], indirect=True)
def test_a_flagged_card_title_blurs_the_card_image(browser, pages, service):
    context, worker = browser
    page = context.new_page()
    page.goto(f"{pages}/article.html")
    title = page.eval_on_selector("#card-title", "el => el.textContent")
    assert sentences_the_service_flags(service, title, extension_threshold(worker, 0.9)), "the model should flag this title"
    page.wait_for_selector("#card-title .ss-spoiler", timeout=15000)
    assert "ss-thumb" in page.eval_on_selector(".card img", "img => img.className")


def settled_page(context, url):
    """Open `url` and wait until every block has had its answer."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_timeout(300)
    wait_until_checked(page)
    return page


def test_a_page_without_spoilers_is_left_alone(browser, pages):
    context, _ = browser
    assert blurred_groups(settled_page(context, f"{pages}/clean.html")) == []


@pytest.mark.parametrize("browser", [HIGH], indirect=True)
def test_text_added_after_load_is_checked_and_blurred(browser, pages, service):
    context, worker = browser
    page = context.new_page()
    page.goto(f"{pages}/dynamic.html")
    page.wait_for_selector("p.late", timeout=5000)
    threshold = extension_threshold(worker, 0.9)
    late = page.eval_on_selector("p.late", "p => p.textContent")
    assert sentences_the_service_flags(service, late, threshold), "the model should flag the late comment"
    page.wait_for_selector("p.late .ss-spoiler", timeout=15000)
    wait_until_checked(page)
    # at this sensitivity the early comment may be flagged too; each block must get exactly the service's answer
    blocks = page.eval_on_selector_all("#thread p", "ps => ps.map(p => p.textContent)")
    expected = sorted(s for block in blocks for s in sentences_the_service_flags(service, block, threshold))
    assert sorted(blurred_groups(page)) == expected


@pytest.mark.parametrize("browser", [{"finished": [{"work": "Game of Thrones", "through_season": None}]}], indirect=True)
def test_a_finished_work_stays_visible(browser, pages):
    context, _ = browser
    assert blurred_groups(settled_page(context, f"{pages}/article.html")) == []


@pytest.mark.parametrize("browser", [{"disabledSites": ["127.0.0.1"]}], indirect=True)
def test_a_disabled_site_is_not_touched_at_all(browser, pages):
    context, _ = browser
    page = context.new_page()
    page.goto(f"{pages}/article.html")
    page.wait_for_timeout(1500)
    assert page.evaluate("() => document.querySelectorAll('.ss-spoiler, [data-ss-pending], .ss-thumb').length") == 0


def test_when_the_service_is_down_the_page_stays_readable_and_the_badge_says_so(playwright, pages):
    with browser_with_extension(playwright, {"serviceUrl": "http://127.0.0.1:9"}) as (context, worker):
        page = context.new_page()
        page.goto(f"{pages}/article.html")
        wait_until_checked(page, timeout=5000)
        assert blurred_groups(page) == []
        badge = worker.evaluate("""async url => {
            const [tab] = await chrome.tabs.query({url});
            return chrome.action.getBadgeText({tabId: tab.id});
        }""", page.url)
        assert badge == "!"


def select_and_mark(page, worker, selector, text):
    """Select `text` inside `selector` and choose "Mark as spoiler" (the menu sends this message to the tab)."""
    page.evaluate("""([selector, text]) => {
        const el = document.querySelector(selector);
        const node = [...el.childNodes].find(n => n.nodeType === 3 && n.data.includes(text));
        const range = document.createRange();
        range.setStart(node, node.data.indexOf(text));
        range.setEnd(node, node.data.indexOf(text) + text.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""", [selector, text])
    worker.evaluate("""async url => {
        const [tab] = await chrome.tabs.query({url});
        await chrome.tabs.sendMessage(tab.id, {type: "bg-cs-mark-selection"});
    }""", page.url)


@pytest.mark.parametrize("browser", [{"sendFeedback": True}], indirect=True)
def test_marking_text_blurs_it_remembers_it_and_reports_it_when_opted_in(browser, pages, feedback_db):
    from model import feedback

    context, worker = browser
    page = settled_page(context, f"{pages}/article.html")
    sentence = "The cast returned to Belfast for eight months of filming."
    select_and_mark(page, worker, "#p-news", sentence)
    page.wait_for_selector("#p-news .ss-spoiler")
    assert sentence in blurred_groups(page)
    page.reload()
    page.wait_for_selector("#p-news .ss-spoiler", timeout=15000)
    assert sentence in blurred_groups(page)
    page.wait_for_timeout(500)
    assert any(r["label"] == "spoiler" and sentence in r["sentences"] for r in feedback.rows(feedback_db))


@pytest.mark.parametrize("opted_in", [True, False])
def test_not_a_spoiler_reports_only_with_consent(playwright, pages, service, feedback_db, opted_in):
    from model import feedback

    before = sum(r["count"] for r in feedback.rows(feedback_db) if r["label"] == "not_spoiler") if feedback_db.exists() else 0
    with browser_with_extension(playwright, {"serviceUrl": service.base, "sendFeedback": opted_in}) as (context, _):
        page = context.new_page()
        page.goto(f"{pages}/article.html")
        span = page.wait_for_selector("#p-spoil .ss-spoiler", timeout=15000)
        key = span.get_attribute("data-ss-group")
        span.click()
        span.click(modifiers=["Alt"])
        page.wait_for_timeout(500)
        assert page.query_selector(f"[data-ss-group='{key}']") is None  # unwrapped: the text reads normally
    after = sum(r["count"] for r in feedback.rows(feedback_db) if r["label"] == "not_spoiler") if feedback_db.exists() else 0
    assert after == before + (1 if opted_in else 0)
