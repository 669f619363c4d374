const { MESSAGES, merge } = globalThis.SpoilerShield;
const $ = (id) => document.getElementById(id);
let finished = [];

function renderFinished() {
  $("finished").replaceChildren(...finished.map((item, i) => {
    const li = document.createElement("li");
    li.textContent = item.through_season ? `${item.work} (through season ${item.through_season})` : item.work;
    const remove = document.createElement("button");
    remove.textContent = "Remove";
    remove.onclick = () => { finished.splice(i, 1); renderFinished(); };
    li.append(" ", remove);
    return li;
  }));
}

let searchTimer = 0;
function suggest() {
  clearTimeout(searchTimer);
  const query = $("work").value.trim();
  if (query.length < 2) return $("suggestions").replaceChildren();
  searchTimer = setTimeout(async () => {
    const answer = await chrome.runtime.sendMessage({ type: MESSAGES.UI_BG_SEARCH_WORKS, query });
    const works = answer && answer.ok ? answer.works : [];
    $("work").setAttribute("aria-expanded", String(works.length > 0));
    $("suggestions").replaceChildren(...works.map((work) => {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.textContent = work.seasons ? `${work.title} (${work.seasons} seasons)` : work.title;
      li.onclick = () => { $("work").value = work.title; $("suggestions").replaceChildren(); };
      return li;
    }));
  }, 150);
}

async function load() {
  const settings = merge(await chrome.storage.local.get(null));
  $("service-url").value = settings.serviceUrl;
  $("sensitivity").value = settings.sensitivity;
  $("sensitivity-value").textContent = settings.sensitivity;
  $("site-mode").value = settings.siteMode;
  $("sites").value = (settings.siteMode === "listed" ? settings.enabledSites : settings.disabledSites).join("\n");
  $("failsafe").value = settings.failsafeMs;
  $("feedback").checked = settings.sendFeedback;
  finished = settings.finished.slice();
  renderFinished();
  if (location.hash === "#welcome" || !settings.welcomed) $("welcome-ok").hidden = false;
}

async function save() {
  const url = $("service-url").value.trim().replace(/\/+$/, "");
  try { new URL(url); } catch (e) { $("saved").textContent = "The service URL is not a valid address."; return; }
  const origin = new URL(url).origin + "/*";
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(new URL(url).origin)) {
    const granted = await chrome.permissions.request({ origins: [origin] });
    if (!granted) { $("saved").textContent = `Permission to reach ${origin} was not given.`; return; }
  }
  const sites = $("sites").value.split(/\s+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
  const mode = $("site-mode").value;
  await chrome.storage.local.set({
    serviceUrl: url,
    sensitivity: Number($("sensitivity").value),
    siteMode: mode,
    [mode === "listed" ? "enabledSites" : "disabledSites"]: sites,
    failsafeMs: Math.max(200, Math.min(10000, parseInt($("failsafe").value, 10) || 2000)),
    sendFeedback: $("feedback").checked,
    finished,
  });
  $("saved").textContent = "Saved.";
}

$("work").addEventListener("input", suggest);
$("sensitivity").addEventListener("input", () => { $("sensitivity-value").textContent = $("sensitivity").value; });
$("add-work").onclick = () => {
  const work = $("work").value.trim();
  const season = parseInt($("season").value, 10);
  if (!work) return;
  finished.push({ work, through_season: season > 0 ? season : null });
  $("work").value = "";
  $("season").value = "";
  renderFinished();
};
$("save").onclick = save;
$("welcome-ok").onclick = async () => { await chrome.storage.local.set({ welcomed: true }); $("welcome-ok").hidden = true; };
load();
