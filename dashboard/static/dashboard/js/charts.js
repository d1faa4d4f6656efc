// Small inline-SVG charts, each drawn next to a table holding the same
// numbers (the table is what screen readers and copy-paste use). Charts are
// measured against their box and redrawn when it changes size, so text stays
// readable from 390 px to a wide screen.

import { clear, h } from "./ui.js";

const SVG_NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function dataTable({ caption, keyLabel, valueLabel, rows, format, extra, scrollable }) {
  const head = [h("th", { scope: "col" }, keyLabel), h("th", { scope: "col", class: "num" }, valueLabel)];
  if (extra) head.push(h("th", { scope: "col", class: "num" }, extra.label));
  // A table that scrolls in its own box can be focused, so the keyboard scrolls it too.
  return h(
    "div",
    { class: "table-wrap", tabindex: scrollable ? "0" : null, role: scrollable ? "region" : null, "aria-label": scrollable ? caption : null },
    h(
      "table",
      { class: "data" },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, head)),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, r.key),
            h("td", { class: "num" }, format(r.value)),
            extra ? h("td", { class: "num" }, extra.format(r)) : null,
          ),
        ),
      ),
    ),
  );
}

function measure(box, fallback) {
  const w = Math.floor(box.getBoundingClientRect().width);
  return w > 40 ? w : fallback;
}

function redrawOnResize(box, draw) {
  draw();
  if (!("ResizeObserver" in window)) return;
  let last = measure(box, 0);
  let timer = null;
  new ResizeObserver(() => {
    const now = measure(box, 0);
    if (Math.abs(now - last) < 8) return;
    last = now;
    window.clearTimeout(timer);
    timer = window.setTimeout(draw, 60);
  }).observe(box);
}

function truncate(text, max) {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

// Horizontal bars: one row per group, value written at the bar's end.
export function barChart(container, rows, opts) {
  const { caption, keyLabel, valueLabel, format = String, max, colorFor, extra } = opts;
  clear(container);
  container.removeAttribute("aria-busy");
  const box = h("div", { class: "chart" });
  const summary = rows.map((r) => `${r.key}: ${format(r.value)}`).join(", ");
  container.append(
    h("div", { class: "chart-pair" }, box, dataTable({ caption, keyLabel, valueLabel, rows, format, extra })),
  );
  const top = max !== undefined ? max : Math.max(1, ...rows.map((r) => r.value));
  const draw = () => {
    clear(box);
    const width = measure(box, 360);
    const rowH = 30;
    const labelW = Math.min(150, Math.max(70, Math.floor(width * 0.34)));
    const valueW = 52;
    const barMax = Math.max(10, width - labelW - valueW - 8);
    const height = rows.length * rowH + 4;
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${caption}. ${summary}` });
    svg.append(s("title", {}, caption));
    rows.forEach((r, i) => {
      const y = i * rowH + 4;
      const bw = Math.max(r.value > 0 ? 2 : 0, Math.round((r.value / top) * barMax));
      const g = s("g", { class: "bar" });
      g.append(s("text", { x: labelW - 8, y: y + 15, class: "label", "text-anchor": "end" }, truncate(String(r.key), Math.floor(labelW / 7))));
      g.append(s("rect", { x: labelW, y: y + 2, width: barMax, height: 18, class: "track", rx: 3 }));
      g.append(s("rect", { x: labelW, y: y + 2, width: bw, height: 18, rx: 3, class: "fill " + (colorFor ? colorFor(r) : "c0") }));
      g.append(s("text", { x: labelW + bw + 6, y: y + 15, class: "value" }, format(r.value)));
      g.append(s("title", {}, `${r.key}: ${format(r.value)}`));
      svg.append(g);
    });
    box.append(svg);
  };
  redrawOnResize(box, draw);
}

// Vertical columns over consecutive days (missing days count 0).
export function dayChart(container, rows, opts) {
  const { caption, keyLabel = "Day", valueLabel, format = String } = opts;
  clear(container);
  container.removeAttribute("aria-busy");
  const box = h("div", { class: "chart" });
  const nonZero = rows.filter((r) => r.value > 0);
  const summary = `${rows.length} days from ${rows[0].key} to ${rows[rows.length - 1].key}; busiest ${
    nonZero.length ? nonZero.reduce((a, b) => (b.value > a.value ? b : a)).key : "none"
  }`;
  container.append(
    h(
      "div",
      { class: "chart-pair days" },
      box,
      dataTable({ caption, keyLabel, valueLabel, rows: nonZero.length ? nonZero : rows.slice(-1), format, scrollable: true }),
    ),
  );
  const ticks = countTicks(Math.max(...rows.map((r) => r.value)));
  const top = ticks[ticks.length - 1];
  const draw = () => {
    clear(box);
    const width = measure(box, 600);
    const height = 170;
    const left = 28;
    const bottom = 22;
    const plotH = height - bottom - 8;
    const step = (width - left) / rows.length;
    const svg = s("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `${caption}. ${summary}` });
    svg.append(s("title", {}, caption));
    for (const tick of ticks) {
      const y = 8 + plotH - Math.round((tick / top) * plotH);
      svg.append(s("line", { x1: left, x2: width, y1: y, y2: y, class: "grid" }));
      svg.append(s("text", { x: left - 4, y: y + 4, class: "axis", "text-anchor": "end" }, String(tick)));
    }
    const every = Math.ceil(rows.length / Math.max(2, Math.floor((width - left) / 70)));
    rows.forEach((r, i) => {
      const x = left + i * step;
      const bh = Math.round((r.value / top) * plotH);
      const g = s("g", { class: "bar" });
      g.append(s("rect", { x: x + step * 0.15, y: 8 + plotH - bh, width: Math.max(1, step * 0.7), height: bh, rx: 2, class: "fill c0" }));
      g.append(s("title", {}, `${r.key}: ${format(r.value)}`));
      svg.append(g);
      if (i % every === 0) {
        svg.append(s("text", { x: x + step / 2, y: height - 6, class: "axis", "text-anchor": "middle" }, r.key.slice(5)));
      }
    });
    box.append(svg);
  };
  redrawOnResize(box, draw);
}

// Axis ticks for counts: whole numbers only, evenly spaced, from 0 to at
// least `max` (a count of 1 gets 0 and 1, never 0, 1, 1).
export function countTicks(max) {
  const top = Math.max(1, Math.ceil(max || 0));
  const step = Math.max(1, Math.ceil(top / 4));
  const ticks = [];
  for (let t = 0; ticks.length === 0 || ticks[ticks.length - 1] < top; t += step) ticks.push(t);
  return ticks;
}

// The last `days` UTC dates, oldest first, each with the count the API gave.
export function fillDays(data, days, field = "day", value = "count", today = new Date()) {
  const byDay = new Map(data.map((r) => [String(r[field]).slice(0, 10), r[value] || 0]));
  const out = [];
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (let i = days - 1; i >= 0; i--) {
    const key = new Date(end - i * 86400000).toISOString().slice(0, 10);
    out.push({ key, value: byDay.get(key) || 0 });
  }
  return out;
}
