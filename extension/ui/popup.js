const { MESSAGES, merge, hostOf, isActive } = globalThis.SpoilerShield;
const PAUSE_MS = 15 * 60 * 1000;

async function render() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const settings = merge(await chrome.storage.local.get(null));
  const status = await chrome.runtime.sendMessage({ type: MESSAGES.UI_BG_GET_STATUS, tabId: tab.id });
  const service = document.getElementById("service");
  if (status.service && !status.service.ok) {
    service.textContent = `The service cannot be reached (${settings.serviceUrl}). Pages stay readable; it will retry.`;
    service.className = "error";
  } else {
    service.textContent = status.service ? `Connected to ${settings.serviceUrl}.` : `Service: ${settings.serviceUrl}.`;
    service.className = "";
  }
  const { total, byWork } = status.stats;
  document.getElementById("count").textContent = total
    ? `${total} spoiler${total === 1 ? "" : "s"} blurred on this page:` : "No spoilers blurred on this page.";
  const list = document.getElementById("by-work");
  list.replaceChildren(...Object.entries(byWork).map(([work, n]) => {
    const li = document.createElement("li");
    li.textContent = `${work}: ${n}`;
    return li;
  }));
  const host = hostOf(tab.url);
  const on = isActive(settings, tab.url);
  document.getElementById("site").textContent = on ? `Turn off for ${host}` : `Turn on for ${host}`;
  document.getElementById("pause").textContent = settings.pausedUntil > Date.now() ? "Resume protection" : "Pause for 15 minutes";
  document.getElementById("reveal-all").onclick = () =>
    chrome.runtime.sendMessage({ type: MESSAGES.UI_BG_REVEAL_ALL, tabId: tab.id }).then(render);
  document.getElementById("pause").onclick = async () => {
    await chrome.storage.local.set({ pausedUntil: settings.pausedUntil > Date.now() ? 0 : Date.now() + PAUSE_MS });
    render();
  };
  document.getElementById("site").onclick = async () => {
    const key = settings.siteMode === "listed" ? "enabledSites" : "disabledSites";
    const list = settings[key].includes(host) ? settings[key].filter((h) => h !== host) : [...settings[key], host];
    await chrome.storage.local.set({ [key]: list });
    render();
  };
}

render();
