// Map offsets in a block's text (UTF-16 code units, as JavaScript strings count) back to the
// text nodes the text was built from. Pure: works on any objects with a string `data`.
(function (root) {
  // pieces: [{node, data}] in document order; the block text is their concatenation.
  function blockText(pieces) {
    return pieces.map((p) => p.data).join("");
  }

  // Split [start, end) of the block text into per-node segments {node, start, end} (node-local offsets).
  function segmentsFor(pieces, start, end) {
    const out = [];
    let cursor = 0;
    for (const piece of pieces) {
      const from = cursor;
      const to = cursor + piece.data.length;
      cursor = to;
      if (to <= start || from >= end) continue;
      const a = Math.max(start, from) - from;
      const b = Math.min(end, to) - from;
      // Skip segments that are only whitespace: wrapping them would add nodes for nothing.
      if (b > a && piece.data.slice(a, b).trim()) out.push({ node: piece.node, start: a, end: b });
    }
    return out;
  }

  // A short stable hash of a string (FNV-1a, 32 bit) for caching answers by block text.
  function hashText(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(36) + ":" + text.length;
  }

  const api = { blockText, segmentsFor, hashText };
  root.SpoilerShield = Object.assign(root.SpoilerShield || {}, api);
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
