// Content script: finds text blocks, asks the service worker which sentences spoil, blurs exactly those.
// Every DOM change has its inverse (wrap/unwrap, pend/unpend, blur/reveal). A disabled site runs nothing.
(async function spoilerShield() {
  "use strict";
  const SS = globalThis.SpoilerShield;
  if (!SS) return;

  // Tunables.
  const BATCH_DELAY_MS = 80;            // coalesce bursts of DOM changes into one request
  const MAX_BLOCKS_PER_REQUEST = 200;
  const MAX_CHARS_PER_REQUEST = 90000;     // the service takes 100,000 characters per request
  const MAX_BLOCK_CHARS = 20000;        // longer blocks are skipped (not prose)
  const MIN_BLOCK_CHARS = 15;
  const RETRY_UNREACHABLE_MS = 30000;
  const MAX_MARKS_PER_PAGE = 50;        // texts the reader marked as spoilers, remembered per page
  const MAX_MARKED_PAGES = 200;
  const BLOCK_SELECTOR = "p,li,h1,h2,h3,h4,h5,h6,blockquote,figcaption,dd,dt,td,th,caption,summary,div,article,section,header,aside,main";
  const BLOCK_TAGS = new Set(["P", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "FIGCAPTION", "DD", "DT",
    "TD", "TH", "CAPTION", "SUMMARY", "DIV", "ARTICLE", "SECTION", "HEADER", "ASIDE", "MAIN", "BODY"]);
  const SKIP_SELECTOR = "script,style,noscript,template,textarea,input,select,option,code,pre,kbd,samp,svg,math,iframe,[contenteditable=''],[contenteditable='true'],[contenteditable='plaintext-only'],[aria-hidden='true'],[hidden]";
  const HEADINGS = new Set(["H1", "H2", "H3", "H4", "H5", "H6"]);

  let settings = SS.merge(await chrome.storage.local.get(null));
  if (!SS.isActive(settings, location.href)) return;
  const pageKey = location.origin + location.pathname + location.search;
  let readerMarks = ((await chrome.storage.local.get("marks")).marks || {})[pageKey] || [];

  const state = {
    ids: new WeakMap(),        // block element → id
    blocks: new Map(),         // id → {el, hash}
    answers: new Map(),        // text hash → spoilers for that text (the page's cache)
    queued: new Set(),         // ids waiting to be sent
    inFlight: new Set(),
    revealed: new Set(),       // group keys the reader revealed (kept across re-renders)
    notSpoilers: new Set(),    // group keys the reader reported as not spoilers
    groups: new Map(),         // group key → {spans: [], thumbs: [], kind, work}
    timer: 0,
    nextId: 1,
    active: true,
  };

  function blockOf(node) {
    let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    while (el && !BLOCK_TAGS.has(el.tagName)) el = el.parentElement;
    return el;
  }

  function skipped(el) {
    return !el || el.closest(SKIP_SELECTOR) || el.isContentEditable;
  }

  // The text nodes whose nearest block is `block`, in document order. Nested blocks and skipped
  // elements are pruned whole, so a container with many paragraphs costs one shallow walk.
  function acceptNode(node) {
    if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
    if (BLOCK_TAGS.has(node.tagName) || node.matches(SKIP_SELECTOR)) return NodeFilter.FILTER_REJECT;
    return NodeFilter.FILTER_SKIP;
  }

  function piecesOf(block) {
    const pieces = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, { acceptNode });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) pieces.push({ node, data: node.data });
    return pieces;
  }

  function visible(el) {
    return typeof el.checkVisibility === "function" ? el.checkVisibility({ visibilityProperty: true }) : true;
  }

  function idFor(block) {
    let id = state.ids.get(block);
    if (!id) {
      id = "b" + state.nextId++;
      state.ids.set(block, id);
    }
    return id;
  }

  // Queue one block if its text is new; pre-hide it until its answer comes.
  function consider(block) {
    if (!state.active || !block || block === document.body || skipped(block)) return;
    const text = SS.blockText(piecesOf(block));
    if (text.trim().length < MIN_BLOCK_CHARS || text.length > MAX_BLOCK_CHARS || !/\p{L}/u.test(text)) return;
    const id = idFor(block);
    const hash = SS.hashText(text);
    const known = state.blocks.get(id);
    if (known && known.hash === hash) return;
    state.blocks.set(id, { el: block, hash });
    if (state.answers.has(hash)) {
      apply(block, state.answers.get(hash), hash);
      return;
    }
    block.setAttribute("data-ss-pending", "");
    state.queued.add(id);
    schedule();
  }

  function considerTree(root) {
    if (root.nodeType === Node.TEXT_NODE) return consider(blockOf(root));
    if (root.nodeType !== Node.ELEMENT_NODE || skipped(root)) return;
    if (BLOCK_TAGS.has(root.tagName)) consider(root);
    for (const el of root.querySelectorAll(BLOCK_SELECTOR)) if (BLOCK_TAGS.has(el.tagName)) consider(el);
    consider(blockOf(root));
  }

  function schedule() {
    if (!state.timer) state.timer = setTimeout(flush, BATCH_DELAY_MS);
  }

  function unpend(ids) {
    for (const id of ids) {
      const entry = state.blocks.get(id);
      if (entry) entry.el.removeAttribute("data-ss-pending");
    }
  }

  async function flush() {
    state.timer = 0;
    const batch = [];
    let chars = 0;
    for (const id of state.queued) {
      const entry = state.blocks.get(id);
      state.queued.delete(id);
      if (!entry || !entry.el.isConnected || !visible(entry.el)) { unpend([id]); continue; }
      const text = SS.blockText(piecesOf(entry.el));
      if (batch.length >= MAX_BLOCKS_PER_REQUEST || chars + text.length > MAX_CHARS_PER_REQUEST) {
        state.queued.add(id);
        schedule();
        break;
      }
      batch.push({ id, text, hash: SS.hashText(text) });
      chars += text.length;
    }
    if (!batch.length) return;
    const ids = batch.map((b) => b.id);
    ids.forEach((id) => state.inFlight.add(id));
    // Failsafe: a slow or dead service never leaves the page unreadable.
    const failsafe = setTimeout(() => unpend(ids), settings.failsafeMs);
    let answer;
    try {
      answer = await chrome.runtime.sendMessage({
        type: SS.MESSAGES.CS_BG_DETECT,
        blocks: batch.map(({ id, text }) => ({ id, text })),
        context: { url: location.href, title: document.title.slice(0, 500) },
      });
    } catch (error) {
      answer = { ok: false, error: String(error) };
    }
    clearTimeout(failsafe);
    ids.forEach((id) => state.inFlight.delete(id));
    if (!answer || !answer.ok) {
      unpend(ids);
      if (answer && answer.unreachable) setTimeout(() => batch.forEach((b) => retry(b.id)), RETRY_UNREACHABLE_MS);
      return;
    }
    const byBlock = new Map(batch.map((b) => [b.id, []]));
    for (const spoiler of answer.spoilers) if (byBlock.has(spoiler.block)) byBlock.get(spoiler.block).push(spoiler);
    requestAnimationFrame(() => {
      for (const { id, hash } of batch) {
        const entry = state.blocks.get(id);
        state.answers.set(hash, byBlock.get(id));
        if (entry && entry.hash === hash) apply(entry.el, byBlock.get(id), hash);
        unpend([id]);
      }
      report();
      observer.takeRecords(); // our own writes are not page changes
    });
  }

  function retry(id) {
    const entry = state.blocks.get(id);
    if (!entry) return;
    state.blocks.delete(id);
    consider(entry.el);
  }

  // Wrap each spoiler's text in spans (later spans first, so earlier offsets stay valid). The texts the
  // reader marked on this page are spoilers too.
  function apply(block, spoilers, hash) {
    const text = SS.blockText(piecesOf(block));
    const marked = readerMarks.map((mark) => [mark, text.indexOf(mark)]).filter(([, at]) => at >= 0)
      .map(([mark, at]) => ({ start: at, end: at + mark.length, kind: null, work: null, reader: true }))
      .filter((m) => !spoilers.some((s) => s.start < m.end && m.start < s.end));
    wrapAll(block, [...spoilers, ...marked], hash);
  }

  function wrapAll(block, spoilers, hash) {
    const pieces = piecesOf(block);
    for (const spoiler of [...spoilers].sort((a, b) => b.start - a.start)) {
      const key = `${hash}@${spoiler.start}`;
      if (state.notSpoilers.has(key) || state.groups.has(key) && state.groups.get(key).spans.some((s) => s.isConnected)) continue;
      const group = { spans: [], thumbs: [], kind: spoiler.kind, work: spoiler.work };
      for (const seg of SS.segmentsFor(pieces, spoiler.start, spoiler.end)) group.spans.push(wrap(seg, key, spoiler));
      group.thumbs = thumbnailsFor(block);
      group.thumbs.forEach((img) => img.classList.add("ss-thumb"));
      state.groups.set(key, group);
      if (state.revealed.has(key)) reveal(key);
    }
  }

  function wrap(seg, key, spoiler) {
    const range = document.createRange();
    range.setStart(seg.node, seg.start);
    range.setEnd(seg.node, seg.end);
    const span = document.createElement("span");
    span.className = "ss-spoiler";
    span.dataset.ssGroup = key;
    span.tabIndex = 0;
    span.setAttribute("role", "button");
    const details = [spoiler.kind, spoiler.work].filter(Boolean).join(" — ");
    span.title = details ? `Spoiler: ${details}` : "Spoiler";
    span.setAttribute("aria-label", `${span.title}. Press Enter to reveal.`);
    range.surroundContents(span);
    return span;
  }

  function unwrap(span) {
    const parent = span.parentNode;
    if (!parent) return;
    while (span.firstChild) parent.insertBefore(span.firstChild, span);
    parent.removeChild(span);
    parent.normalize();
  }

  // A flagged headline or card title also blurs the card's image.
  function thumbnailsFor(block) {
    if (!HEADINGS.has(block.tagName) && !block.closest("a")) return [];
    const card = block.closest("article, li, a, figure, [class*='card'], [class*='teaser']");
    return card ? [...card.querySelectorAll("img")].slice(0, 3) : [];
  }

  function reveal(key) {
    const group = state.groups.get(key);
    if (!group) return;
    state.revealed.add(key);
    for (const span of group.spans) {
      span.classList.add("ss-revealed");
      span.removeAttribute("role");
      span.removeAttribute("tabindex");
      span.title = "Revealed spoiler. Alt+click: this is not a spoiler";
    }
    group.thumbs.forEach((img) => img.classList.add("ss-revealed"));
    report();
  }

  function removeGroup(key) {
    const group = state.groups.get(key);
    if (!group) return;
    group.spans.forEach(unwrap);
    group.thumbs.forEach((img) => img.classList.remove("ss-thumb", "ss-revealed"));
    state.groups.delete(key);
  }

  function report() {
    const byWork = {};
    let total = 0;
    for (const [key, group] of state.groups) {
      if (state.revealed.has(key) || !group.spans.some((s) => s.isConnected)) continue;
      total++;
      const work = group.work || "Unknown work";
      byWork[work] = (byWork[work] || 0) + 1;
    }
    chrome.runtime.sendMessage({ type: SS.MESSAGES.CS_BG_PAGE_STATS, stats: { total, byWork } }).catch(() => {});
  }

  function sendFeedback(label, sentences, block, group) {
    const paragraph = block ? SS.blockText(piecesOf(block)) : sentences.join(" ");
    chrome.runtime.sendMessage({
      type: SS.MESSAGES.CS_BG_FEEDBACK,
      report: { label, sentences, paragraph: paragraph.slice(0, 10000), work: group && group.work || null,
                kind: group && group.kind || null, origin: location.origin.startsWith("http") ? location.origin : null },
    }).catch(() => {});
  }

  function onActivate(event) {
    const span = event.target.closest && event.target.closest(".ss-spoiler");
    if (!span) return;
    const key = span.dataset.ssGroup;
    if (event.type === "keydown" && event.key !== "Enter" && event.key !== " ") return;
    if (!span.classList.contains("ss-revealed")) {
      event.preventDefault(); // a blurred span inside a link reveals first, navigates on the next click
      event.stopPropagation();
      reveal(key);
    } else if (event.type === "click" && event.altKey) {
      event.preventDefault();
      const group = state.groups.get(key);
      const text = group.spans.map((s) => s.textContent).join("");
      state.notSpoilers.add(key);
      sendFeedback("not_spoiler", [text.trim()], blockOf(span), group);
      removeGroup(key);
      report();
    }
  }

  function revealAll() {
    for (const key of state.groups.keys()) reveal(key);
  }

  function markSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const text = selection.toString().trim();
    const block = blockOf(range.commonAncestorContainer);
    if (!block || !text) return;
    const full = SS.blockText(piecesOf(block));
    const start = full.indexOf(text);
    if (start < 0) return;
    wrapAll(block, [{ start, end: start + text.length, kind: null, work: null }], SS.hashText(full));
    selection.removeAllRanges();
    rememberMark(text);
    sendFeedback("spoiler", [text], block, null);
    report();
  }

  async function rememberMark(text) {
    readerMarks = [...readerMarks.filter((m) => m !== text), text].slice(-MAX_MARKS_PER_PAGE);
    const marks = (await chrome.storage.local.get("marks")).marks || {};
    delete marks[pageKey];
    marks[pageKey] = readerMarks;
    const pages = Object.keys(marks);
    for (const old of pages.slice(0, Math.max(0, pages.length - MAX_MARKED_PAGES))) delete marks[old];
    await chrome.storage.local.set({ marks });
  }

  function stop() {
    state.active = false;
    observer.disconnect();
    clearTimeout(state.timer);
    for (const key of [...state.groups.keys()]) removeGroup(key);
    for (const entry of state.blocks.values()) entry.el.removeAttribute("data-ss-pending");
    report();
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "characterData") consider(blockOf(record.target));
      else for (const node of record.addedNodes) considerTree(node);
    }
  });
  observer.observe(document.documentElement || document, { childList: true, subtree: true, characterData: true });
  if (document.body) considerTree(document.body);

  document.addEventListener("click", onActivate, true);
  document.addEventListener("keydown", onActivate, true);
  chrome.runtime.onMessage.addListener((message) => {
    if (message.type === SS.MESSAGES.BG_CS_REVEAL_ALL) revealAll();
    if (message.type === SS.MESSAGES.BG_CS_MARK_SELECTION) markSelection();
  });
  chrome.storage.onChanged.addListener(async (changes, area) => {
    if (area !== "local") return;
    settings = SS.merge(await chrome.storage.local.get(null));
    if (state.active && !SS.isActive(settings, location.href)) stop();
  });
})();
