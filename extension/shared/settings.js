// Settings: one defaults object, stored in chrome.storage.local, merged on read.
(function (root) {
  const DEFAULTS = Object.freeze({
    serviceUrl: "http://127.0.0.1:8765",
    sensitivity: 0.5,          // 0 = only sure spoilers … 1 = blur anything doubtful
    siteMode: "all",           // "all": every site but those switched off; "listed": only listed sites
    disabledSites: [],         // hostnames where protection is off (siteMode "all")
    enabledSites: [],          // hostnames where protection is on (siteMode "listed")
    finished: [],              // [{work: "Dark", through_season: null | n}]
    failsafeMs: 2000,          // un-hide waiting text if the service has not answered by then
    pausedUntil: 0,            // epoch ms; protection is paused until then
    sendFeedback: false,       // opt-in: send reports to the service
    welcomed: false,
  });

  // Sensitivity 0..1 maps onto the API's threshold: higher sensitivity, lower threshold. The middle
  // (the default) sends no threshold, so the model's own, evaluated threshold applies.
  function thresholdFor(sensitivity) {
    const s = Math.min(1, Math.max(0, Number(sensitivity)));
    if (Math.abs(s - 0.5) < 1e-9) return null;
    return Math.round((0.85 - 0.7 * s) * 1000) / 1000;
  }

  function merge(stored) {
    const out = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS)) {
      if (stored && stored[key] !== undefined && typeof stored[key] === typeof DEFAULTS[key]) out[key] = stored[key];
    }
    return out;
  }

  // The hostname of a web page; "" for anything that is not http(s) (browser pages, files, extensions).
  function hostOf(url) {
    try {
      const parsed = new URL(url);
      return /^https?:$/.test(parsed.protocol) ? parsed.hostname.toLowerCase() : "";
    } catch (e) {
      return "";
    }
  }

  // A listed site covers its subdomains: "example.org" matches "news.example.org".
  function siteListed(host, list) {
    host = String(host || "").toLowerCase();
    return list.some((site) => {
      const s = String(site).trim().toLowerCase().replace(/^\*\./, "");
      return s && (host === s || host.endsWith("." + s));
    });
  }

  function isActive(settings, url, now) {
    if (settings.pausedUntil && (now || Date.now()) < settings.pausedUntil) return false;
    const host = hostOf(url);
    if (!host) return false;
    if (settings.siteMode === "listed") return siteListed(host, settings.enabledSites);
    return !siteListed(host, settings.disabledSites);
  }

  function finishedForApi(finished) {
    return (finished || []).filter((f) => f && f.work).map((f) =>
      f.through_season ? { work: f.work, through_season: f.through_season } : f.work);
  }

  const api = { DEFAULTS, thresholdFor, merge, hostOf, siteListed, isActive, finishedForApi };
  root.SpoilerShield = Object.assign(root.SpoilerShield || {}, api);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
