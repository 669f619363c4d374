// Message names between the extension's parts. Each name says who sends it to whom:
// cs = content script, bg = background service worker, ui = popup or options page.
(function (root) {
  const MESSAGES = Object.freeze({
    CS_BG_DETECT: "cs-bg-detect",            // blocks of page text to check
    CS_BG_PAGE_STATS: "cs-bg-page-stats",    // how many spoilers are blurred, by work
    BG_CS_REVEAL_ALL: "bg-cs-reveal-all",    // reveal every spoiler on the page
    BG_CS_SETTINGS_CHANGED: "bg-cs-settings-changed",
    BG_CS_MARK_SELECTION: "bg-cs-mark-selection", // the reader marked the selected text as a spoiler
    CS_BG_FEEDBACK: "cs-bg-feedback",        // a reader's report (sent only if they opted in)
    UI_BG_GET_STATUS: "ui-bg-get-status",    // service reachable? counts for the active tab
    UI_BG_REVEAL_ALL: "ui-bg-reveal-all",
    UI_BG_SEARCH_WORKS: "ui-bg-search-works",
  });
  const api = { MESSAGES };
  root.SpoilerShield = Object.assign(root.SpoilerShield || {}, api);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
