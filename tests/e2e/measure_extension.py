"""Measure the extension in Chromium against the real service: how fast a new paragraph gets blurred,
and how many DOM nodes it adds to a long article.

    .venv/bin/python -m tests.e2e.measure_extension [--paragraphs 300] [--screenshot docs/screenshots/blurred-article.png]

Pages are built from our own corpus (training_data/) and served on 127.0.0.1.
"""

import argparse
import json
import statistics
import tempfile
from html import escape
from pathlib import Path

from playwright.sync_api import sync_playwright

from model.corpus import data_files, load_records
from tests.e2e.harness import PAGES, browser_with_extension, page_server, wait_until_checked
from tests.live_server import live_server

ROOT = Path(__file__).resolve().parent.parent.parent

TIMING_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>timing</title></head><body><div id="t"></div>
<script>
window.__added = {}; window.__blurred = {};
new MutationObserver(() => {
  for (const span of document.querySelectorAll('.ss-spoiler')) {
    const p = span.closest('p');
    if (p && !(p.id in window.__blurred)) window.__blurred[p.id] = performance.now();
  }
}).observe(document.body, {subtree: true, childList: true});
window.addParagraph = (id, text) => {
  const p = document.createElement('p'); p.id = id; p.textContent = text;
  document.getElementById('t').appendChild(p); window.__added[id] = performance.now();
};
</script></body></html>"""


def spoiler_paragraphs(limit):
    records, _ = load_records(data_files(ROOT / "training_data"))
    return [r.text for r in records if r.spoilers][:limit]


def measure_latency(context, base, texts):
    page = context.new_page()
    page.goto(f"{base}/timing.html")
    for i, text in enumerate(texts):
        page.evaluate("([id, text]) => addParagraph(id, text)", [f"p{i}", text])
        page.wait_for_timeout(150)
    page.wait_for_timeout(2000)
    added, blurred = page.evaluate("() => [window.__added, window.__blurred]")
    return [blurred[k] - added[k] for k in blurred], len(added)


def count_nodes(page):
    return page.evaluate("""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
        let n = 0; while (walker.nextNode()) n++; return n;
    }""")


def measure_nodes(context, base, paragraphs):
    page = context.new_page()
    page.goto(f"{base}/long.html")
    page.wait_for_timeout(500)
    wait_until_checked(page, timeout=60000)
    page.wait_for_timeout(500)
    after = count_nodes(page)
    spans = page.evaluate("() => document.querySelectorAll('.ss-spoiler').length")
    return after, spans


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--timed", type=int, default=40, help="paragraphs added one by one for the latency figure")
    parser.add_argument("--model-dir", default=str(ROOT / "model" / "artifacts"))
    parser.add_argument("--screenshot", default=None)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="spoiler-pages-"))
    (folder / "timing.html").write_text(TIMING_PAGE)
    records, _ = load_records(data_files(ROOT / "training_data"))
    body = "".join(f"<p>{escape(r.text)}</p>\n" for r in records[: args.paragraphs])
    (folder / "long.html").write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>long</title></head><body>{body}</body></html>")
    (folder / "long-plain.html").write_text((folder / "long.html").read_text())
    (folder / "article.html").write_text((PAGES / "article.html").read_text())
    with live_server({"SPOILER_MODEL_DIR": args.model_dir, "SPOILER_RATE_LIMIT": ""}, workers=2) as server, \
            page_server(folder) as base, sync_playwright() as playwright:
        with browser_with_extension(playwright, {"serviceUrl": server.base}) as (context, _):
            latencies, added = measure_latency(context, base, spoiler_paragraphs(args.timed))
            after, spans = measure_nodes(context, base, args.paragraphs)
            if args.screenshot:
                page = context.new_page()
                page.set_viewport_size({"width": 900, "height": 700})
                page.goto(f"{base}/article.html")
                page.wait_for_selector(".ss-spoiler")
                wait_until_checked(page)
                page.wait_for_timeout(300)
                page.screenshot(path=args.screenshot)
        with browser_with_extension(playwright, {"serviceUrl": server.base, "disabledSites": ["127.0.0.1"]}) as (context, _):
            page = context.new_page()
            page.goto(f"{base}/long-plain.html")
            page.wait_for_timeout(500)
            before = count_nodes(page)
    result = {
        "paragraph_to_blur_ms": {"median": round(statistics.median(latencies), 1), "worst": round(max(latencies), 1),
                                 "blurred_paragraphs": len(latencies), "added_paragraphs": added},
        "long_article": {"paragraphs": args.paragraphs, "nodes_without_extension": before, "nodes_with_extension": after,
                         "nodes_added": after - before, "spoiler_spans": spans},
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
