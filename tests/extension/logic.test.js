// Pure logic of the extension, run with `node --test tests/extension/` (no npm packages).
const test = require("node:test");
const assert = require("node:assert/strict");
const { segmentsFor, blockText, hashText } = require("../../extension/shared/offsets.js");
const settings = require("../../extension/shared/settings.js");
const { MESSAGES } = require("../../extension/shared/messages.js");

const pieces = (...parts) => parts.map((data, i) => ({ node: `n${i}`, data }));

test("a span inside one text node maps to that node", () => {
  const p = pieces("Walt dies. The end.");
  assert.deepEqual(segmentsFor(p, 0, 10), [{ node: "n0", start: 0, end: 10 }]);
});

test("a span across text nodes (a link, an emphasis) maps to a segment in each", () => {
  const p = pieces("Then ", "Ned", " is beheaded. Later.");
  const text = blockText(p);
  const start = 0, end = text.indexOf("Later.") - 1;
  assert.deepEqual(segmentsFor(p, start, end), [
    { node: "n0", start: 0, end: 5 }, { node: "n1", start: 0, end: 3 }, { node: "n2", start: 0, end: 13 },
  ]);
});

test("offsets count UTF-16 code units, as the service's utf16 unit does", () => {
  const p = pieces("😀 Emoji first. ", "Then 🧟 he dies.");
  const text = blockText(p);
  const start = text.indexOf("Then");
  const [seg] = segmentsFor(p, start, text.length);
  assert.equal(seg.node, "n1");
  assert.equal(p[1].data.slice(seg.start, seg.end), "Then 🧟 he dies.");
});

test("whitespace-only segments are not wrapped", () => {
  const p = pieces("A spoiler.", "   ", "More.");
  assert.deepEqual(segmentsFor(p, 0, 18).map((s) => s.node), ["n0", "n2"]);
});

test("the block hash changes with the text and not otherwise", () => {
  assert.equal(hashText("same text"), hashText("same text"));
  assert.notEqual(hashText("same text"), hashText("same text!"));
});

test("settings merge keeps defaults for missing or mistyped values", () => {
  const merged = settings.merge({ sensitivity: 0.8, serviceUrl: 42, unknown: 1 });
  assert.equal(merged.sensitivity, 0.8);
  assert.equal(merged.serviceUrl, "http://127.0.0.1:8765");
  assert.equal(merged.unknown, undefined);
});

test("sensitivity maps onto the API threshold, higher sensitivity meaning a lower threshold", () => {
  assert.equal(settings.thresholdFor(0.5), null); // the default: the model's own threshold
  assert.ok(settings.thresholdFor(1) < settings.thresholdFor(0.6));
  assert.ok(settings.thresholdFor(0) <= 0.85 && settings.thresholdFor(1) >= 0.15);
  assert.equal(settings.thresholdFor(5), settings.thresholdFor(1));
});

test("a listed site covers its subdomains, not look-alikes", () => {
  assert.ok(settings.siteListed("news.example.org", ["example.org"]));
  assert.ok(settings.siteListed("example.org", ["*.example.org"]));
  assert.ok(!settings.siteListed("badexample.org", ["example.org"]));
});

test("protection is off on switched-off sites, while paused, and outside the list in listed mode", () => {
  const base = settings.merge({});
  assert.ok(settings.isActive(base, "https://a.test/x", 1000));
  assert.ok(!settings.isActive({ ...base, disabledSites: ["a.test"] }, "https://a.test/x", 1000));
  assert.ok(!settings.isActive({ ...base, pausedUntil: 5000 }, "https://a.test/x", 1000));
  assert.ok(!settings.isActive({ ...base, siteMode: "listed", enabledSites: ["b.test"] }, "https://a.test/", 1000));
  assert.ok(settings.isActive({ ...base, siteMode: "listed", enabledSites: ["b.test"] }, "https://b.test/", 1000));
  assert.ok(!settings.isActive(base, "chrome://settings", 1000));
});

test("finished works are sent as titles or {work, through_season}", () => {
  assert.deepEqual(settings.finishedForApi([{ work: "Dark", through_season: null }, { work: "Lost", through_season: 2 }, {}]),
    ["Dark", { work: "Lost", through_season: 2 }]);
});

test("message names say who sends them to whom, and are unique", () => {
  const names = Object.values(MESSAGES);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^(cs|bg|ui)-(cs|bg|ui)-[a-z-]+$/);
});
