// Shared page furniture: building elements, loading / empty / error states,
// times, and the team picker fed by /v1/status.

import { api, setTeam } from "./api.js";

// h("p", {class: "x"}, "text", child) — text is always set as text, never HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function showLoading(container, text = "Loading…") {
  clear(container);
  container.setAttribute("aria-busy", "true");
  container.append(h("div", { class: "state loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text));
}

export function showEmpty(container, title, detail) {
  clear(container);
  container.removeAttribute("aria-busy");
  container.append(h("div", { class: "state empty" }, h("strong", {}, title), detail ? h("p", {}, detail) : null));
}

export function errorBox(err, { retry } = {}) {
  const parts = [
    h("strong", { class: "error-message" }, err.message || String(err)),
    err.hint ? h("p", { class: "error-hint" }, err.hint) : null,
  ];
  const meta = [];
  if (err.code) meta.push(h("code", {}, err.code));
  if (err.requestId) meta.push(` · request ${err.requestId}`);
  if (err.retryAfter) meta.push(` · retry in ${err.retryAfter}s`);
  if (meta.length) parts.push(h("p", { class: "error-meta" }, meta));
  if (retry) parts.push(h("button", { type: "button", class: "button secondary small", onclick: retry }, "Try again"));
  return h("div", { class: "state error", role: "alert" }, parts);
}

export function showError(container, err, options) {
  clear(container);
  container.removeAttribute("aria-busy");
  container.append(errorBox(err, options));
}

export function done(container) {
  clear(container);
  container.removeAttribute("aria-busy");
}

export function announce(text) {
  const el = document.getElementById("announce");
  if (!el) return;
  el.textContent = "";
  window.setTimeout(() => (el.textContent = text), 50);
}

// --- times -------------------------------------------------------------------
export function parseTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatTime(iso) {
  const d = parseTime(iso);
  if (!d) return iso || "";
  return d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

export function relative(iso, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const units = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  let text = "just now";
  for (const [name, size] of units) {
    if (abs >= size) {
      const n = Math.floor(abs / size);
      text = `${n} ${name}${n === 1 ? "" : "s"}`;
      break;
    }
  }
  if (text === "just now") return abs < 45 ? text : "1 minute";
  return seconds < 0 ? `${text} ago` : `in ${text}`;
}

export function timeEl(iso, { rel = true } = {}) {
  return h("time", { datetime: iso, title: formatTime(iso) }, rel ? relative(iso) : formatTime(iso));
}

export function memberLabel(member) {
  if (!member) return "unknown";
  if (typeof member === "string") return member;
  return member.name || member.id || "unknown";
}

// --- the page frame ----------------------------------------------------------
function pageError(err) {
  const box = document.getElementById("page-error");
  clear(box);
  box.append(errorBox(err, { retry: () => window.location.reload() }));
  box.hidden = false;
}

// The server puts the current team in the URL (?team=): the one asked for,
// else the one last chosen (kept in the session), else the first by slug.
function chooseTeam(status) {
  const teams = status.teams && status.teams.length ? status.teams : status.team && status.team.slug ? [status.team] : [];
  const wanted = new URLSearchParams(window.location.search).get("team");
  const match = teams.find((t) => t.slug === wanted);
  return { teams, team: match || teams[0] || null, unknown: wanted && !match ? wanted : null };
}

function linkTeam(slug) {
  for (const a of document.querySelectorAll("a[data-team-link]")) {
    const url = new URL(a.getAttribute("href"), window.location.origin);
    url.searchParams.set("team", slug);
    a.setAttribute("href", url.pathname + url.search);
  }
}

// Loads /v1/status, picks the team of the URL, wires the picker. Resolves to {team, teams, status}, or to null
// after showing why the page cannot load.
let retryNote = null;
window.addEventListener("aura:retrying", (e) => {
  const box = document.getElementById("page-error");
  if (!box) return;
  if (!retryNote) {
    retryNote = h("div", { class: "state loading retrying", role: "status" });
    box.prepend(retryNote);
  }
  retryNote.textContent = `The server asked to slow down; retrying in ${e.detail.wait}s…`;
  box.hidden = false;
  window.setTimeout(() => {
    if (retryNote) retryNote.remove();
    retryNote = null;
    if (!box.children.length) box.hidden = true;
  }, e.detail.wait * 1000 + 200);
});

export async function initPage() {
  let status;
  try {
    status = await api.get("/v1/status");
  } catch (err) {
    pageError(err);
    return null;
  }
  const { teams, team, unknown } = chooseTeam(status);
  if (!team) {
    pageError({ message: "You are not a member of any team yet.", hint: "Ask a team admin to add you." });
    return null;
  }
  if (unknown) {
    pageError({ message: `No team "${unknown}" among yours.`, hint: `Showing ${team.slug} instead.`, code: "not_found" });
  }
  setTeam(team.slug);
  linkTeam(team.slug);
  document.getElementById("team-name").textContent = teams.length > 1 ? "" : team.name || team.slug;
  if (teams.length > 1) {
    const picker = document.getElementById("team-picker");
    const select = document.getElementById("team-select");
    clear(select);
    for (const t of teams) {
      select.append(h("option", { value: t.slug, selected: t.slug === team.slug }, t.name && t.name !== t.slug ? `${t.name} (${t.slug})` : t.slug));
    }
    select.addEventListener("change", () => {
      const url = new URL(window.location.href);
      url.search = "";
      url.searchParams.set("team", select.value);
      window.location.assign(url.pathname + url.search);
    });
    picker.hidden = false;
  }
  return { team, teams, status };
}


// --- shared page helpers --------------------------------------------------------

// The page's filters live in its URL, so a filtered view is a link to share.
export function readQuery(names) {
  const params = new URLSearchParams(window.location.search);
  const out = {};
  for (const name of names) out[name] = params.get(name) || "";
  return out;
}

export function writeQuery(values) {
  const url = new URL(window.location.href);
  for (const [key, value] of Object.entries(values)) {
    if (value) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  window.history.replaceState(null, "", url.pathname + url.search);
}

export function teamHref(path, params = {}) {
  const url = new URL(path, window.location.origin);
  const team = new URLSearchParams(window.location.search).get("team");
  if (team) url.searchParams.set("team", team);
  for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
  return url.pathname + url.search;
}

// A write asks first: the button is replaced by "question [Yes] [Cancel]"
// until one is chosen (keyboard: focus lands on Yes; Escape cancels).
export function confirmInline(button, question, yesLabel = "Yes") {
  return new Promise((resolve) => {
    const yes = h("button", { type: "button", class: "button small danger confirm-yes" }, yesLabel);
    const no = h("button", { type: "button", class: "button small secondary confirm-no" }, "Cancel");
    const box = h("span", { class: "confirm", role: "group", "aria-label": question }, h("span", { class: "confirm-q" }, question), yes, no);
    button.hidden = true;
    button.after(box);
    const finish = (answer) => {
      box.remove();
      button.hidden = false;
      if (!answer) button.focus();
      resolve(answer);
    };
    yes.addEventListener("click", () => finish(true));
    no.addEventListener("click", () => finish(false));
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") finish(false);
    });
    yes.focus();
  });
}

// The dashboard's own "not found" for an object the API does not show this caller.
export function showNotFound(container, what) {
  clear(container);
  container.removeAttribute("aria-busy");
  container.append(
    h(
      "div",
      { class: "state error error-page", role: "alert", dataset: { status: "404" } },
      h("strong", { class: "error-message" }, `${what} not found.`),
      h("p", {}, "It does not exist, or it belongs to a team you are not in."),
      h("p", { class: "error-meta" }, h("code", {}, "not_found")),
    ),
  );
}
