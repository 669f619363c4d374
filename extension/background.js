// The service worker: the only part of the extension that talks to the Spoiler Shield service.
// Listeners are registered at top level; state lives in chrome.storage, not in globals.
if (typeof importScripts === "function" && !globalThis.SpoilerShield) {
  importScripts("shared/messages.js", "shared/settings.js");
}
const { MESSAGES, merge, thresholdFor, finishedForApi, hostOf } = globalThis.SpoilerShield;

const REQUEST_TIMEOUT_MS = 10000;
const MENU_MARK = "spoiler-shield-mark";

async function getSettings() {
  return merge(await chrome.storage.local.get(null));
}

async function setServiceState(ok, error) {
  await chrome.storage.session.set({ service: { ok, error: error || null, at: Date.now() } });
}

async function callService(path, init) {
  const settings = await getSettings();
  const url = settings.serviceUrl.replace(/\/+$/, "") + path;
  // A detect request changes nothing, so one retry on a network error (a restarting worker) is safe.
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      const response = await fetch(url, { ...init, signal: controller.signal });
      const body = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
      await setServiceState(response.status < 500, body.ok ? null : body.error);
      return body;
    } catch (error) {
      if (attempt === 0 && init.retry !== false) continue;
      await setServiceState(false, `cannot reach ${settings.serviceUrl}: ${error.message}`);
      return { ok: false, error: "service unreachable", unreachable: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

async function detect(blocks, context) {
  const settings = await getSettings();
  const body = { blocks, context, offset_unit: "utf16", finished: finishedForApi(settings.finished) };
  const threshold = thresholdFor(settings.sensitivity);
  if (threshold !== null) body.threshold = threshold;
  return callService("/v1/detect", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function updateBadge(tabId) {
  const { service } = await chrome.storage.session.get("service");
  const stats = (await chrome.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`];
  if (service && !service.ok) {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: "#b00020" });
    await chrome.action.setBadgeText({ tabId, text: "!" });
    await chrome.action.setTitle({ tabId, title: "Spoiler Shield: the service cannot be reached; the page is left readable" });
    return;
  }
  const count = stats ? stats.total : 0;
  await chrome.action.setBadgeBackgroundColor({ tabId, color: "#444" });
  await chrome.action.setBadgeText({ tabId, text: count ? String(count) : "" });
  await chrome.action.setTitle({ tabId, title: count ? `Spoiler Shield: ${count} spoiler(s) blurred` : "Spoiler Shield" });
}

async function activeTab() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function toggleSite(tab) {
  const settings = await getSettings();
  const host = hostOf(tab && tab.url);
  if (!host) return;
  const key = settings.siteMode === "listed" ? "enabledSites" : "disabledSites";
  const list = settings[key].includes(host) ? settings[key].filter((h) => h !== host) : [...settings[key], host];
  await chrome.storage.local.set({ [key]: list });
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const tabId = sender.tab && sender.tab.id;
  const handlers = {
    [MESSAGES.CS_BG_DETECT]: async () => {
      const result = await detect(message.blocks, message.context);
      if (tabId !== undefined) await updateBadge(tabId);
      return result;
    },
    [MESSAGES.CS_BG_PAGE_STATS]: async () => {
      await chrome.storage.session.set({ [`tab:${tabId}`]: message.stats });
      await updateBadge(tabId);
      return { ok: true };
    },
    [MESSAGES.CS_BG_FEEDBACK]: async () => {
      const settings = await getSettings();
      if (!settings.sendFeedback) return { ok: false, error: "feedback sending is off in the options" };
      return callService("/v1/feedback", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(message.report), retry: false,
      });
    },
    [MESSAGES.UI_BG_GET_STATUS]: async () => {
      const { service } = await chrome.storage.session.get("service");
      const stats = (await chrome.storage.session.get(`tab:${message.tabId}`))[`tab:${message.tabId}`];
      return { service: service || null, stats: stats || { total: 0, byWork: {} } };
    },
    [MESSAGES.UI_BG_REVEAL_ALL]: async () => chrome.tabs.sendMessage(message.tabId, { type: MESSAGES.BG_CS_REVEAL_ALL }),
    [MESSAGES.UI_BG_SEARCH_WORKS]: async () =>
      callService(`/v1/works?q=${encodeURIComponent(message.query)}&limit=8`, { method: "GET", retry: false }),
  };
  const handler = handlers[message && message.type];
  if (!handler) return false;
  handler().then(sendResponse, (error) => sendResponse({ ok: false, error: String(error) }));
  return true;
});

chrome.runtime.onInstalled.addListener(async () => {
  chrome.contextMenus.create({ id: MENU_MARK, title: "Mark as spoiler", contexts: ["selection"] });
  const settings = await getSettings();
  if (!settings.welcomed) chrome.tabs.create({ url: chrome.runtime.getURL("ui/options.html#welcome") });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_MARK && tab) chrome.tabs.sendMessage(tab.id, { type: MESSAGES.BG_CS_MARK_SELECTION });
});

chrome.commands.onCommand.addListener(async (command) => {
  const tab = await activeTab();
  if (!tab) return;
  if (command === "reveal-all") chrome.tabs.sendMessage(tab.id, { type: MESSAGES.BG_CS_REVEAL_ALL });
  if (command === "toggle-site") await toggleSite(tab);
});

chrome.tabs.onRemoved.addListener((tabId) => chrome.storage.session.remove(`tab:${tabId}`));
