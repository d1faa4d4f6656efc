// Impacts: the open list (GET /v1/impacts with filters), and resolve /
// snooze / dismiss with a note (PATCH /v1/impacts/{id}), updated in place.

import { api } from "./api.js";
import { liveRefresh, onEvent, streamBadge } from "./stream.js";
import { announce, clear, done, errorBox, h, initPage, memberLabel, showEmpty, showError, showLoading, timeEl } from "./ui.js";

const FILTERS = ["status", "severity", "branch", "other_branch", "function"];
const ACTIONS = {
  resolved: { label: "Resolve", verb: "Resolved", confirm: "Resolve impact" },
  snoozed: { label: "Snooze", verb: "Snoozed", confirm: "Snooze impact" },
  dismissed: { label: "Dismiss", verb: "Dismissed", confirm: "Dismiss impact" },
  open: { label: "Reopen", verb: "Reopened", confirm: "Reopen impact" },
};
const SNOOZE_CHOICES = [
  ["1", "1 hour"],
  ["4", "4 hours"],
  ["24", "1 day"],
  ["168", "1 week"],
];

const form = document.getElementById("impact-filters");
const list = document.getElementById("impact-list");
const state = document.getElementById("impact-state");
const countEl = document.getElementById("impact-count");
const more = document.getElementById("impact-more");
let filters = {};
let cursor = null;
let shown = 0;

function readFiltersFromUrl() {
  const q = new URLSearchParams(window.location.search);
  const f = {};
  for (const name of FILTERS) {
    const value = q.get(name);
    if (value) f[name] = value;
  }
  if (!f.status) f.status = "open";
  return f;
}

function writeFiltersToForm(f) {
  for (const name of FILTERS) {
    const field = form.elements[name];
    const value = f[name] || (name === "status" ? "open" : "");
    // A value from the URL that the select does not offer stays visible, so the
    // API's complaint about it makes sense.
    if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) {
      field.append(h("option", { value }, value));
    }
    field.value = value;
  }
}

function readForm() {
  const f = {};
  for (const name of FILTERS) {
    const value = form.elements[name].value.trim();
    if (value) f[name] = value;
  }
  return f;
}

function syncUrl() {
  const url = new URL(window.location.href);
  for (const name of FILTERS) url.searchParams.delete(name);
  for (const [k, v] of Object.entries(filters)) if (!(k === "status" && v === "open")) url.searchParams.set(k, v);
  window.history.replaceState(null, "", url.pathname + url.search);
}

function changeText(change) {
  return String(change || "").replaceAll("_", " ");
}

function matchesFilter(impact) {
  return filters.status === "all" || impact.status === (filters.status || "open");
}

function updateCount() {
  const label = filters.status === "all" ? "impacts" : `${filters.status || "open"} impacts`;
  countEl.textContent = shown === 0 ? "" : `${shown}${cursor ? "+" : ""} ${label}`;
}

function renderDetail(box, impact) {
  clear(box);
  const side = (title, node) =>
    h(
      "div",
      { class: "node-side" },
      h("h4", {}, title),
      node ? h("dl", {}, [
        ["Name", node.name],
        ["Path", node.path],
        ["Signature", node.signature],
        ["Hash", node.hash],
      ].filter(([, v]) => v).map(([k, v]) => [h("dt", {}, k), h("dd", {}, h("code", {}, String(v)))])) : h("p", { class: "muted" }, "—"),
    );
  const callers = impact.callers || [];
  box.append(
    h("div", { class: "node-diff" }, side("Before", impact.before), side("After", impact.after)),
    h("h4", {}, `Callers on ${impact.your_branch} (${callers.length})`),
    callers.length
      ? h("ul", { class: "callers" }, callers.map((c) => h("li", {}, h("code", {}, c.name || String(c)), c.path ? ` — ${c.path}` : "")))
      : h("p", { class: "muted" }, "No callers recorded."),
  );
  if (impact.note) box.append(h("p", {}, h("strong", {}, "Note: "), impact.note));
}

function impactItem(impact) {
  const li = h("li", { class: `impact sev-${impact.severity}`, id: `impact-${impact.id}`, dataset: { id: impact.id, status: impact.status } });
  const status = impact.status !== "open" ? h("span", { class: `badge status-${impact.status}` }, impact.status) : null;
  const meta = [
    h("span", {}, "on ", h("strong", {}, impact.other_branch || "?"), " affects ", h("strong", {}, impact.your_branch || "?")),
    impact.repo ? h("span", {}, impact.repo) : null,
    h("span", {}, "detected ", timeEl(impact.detected_at)),
    impact.occurrences > 1 ? h("span", {}, `${impact.occurrences} times`) : null,
    impact.status === "snoozed" && impact.snooze_until ? h("span", {}, "until ", timeEl(impact.snooze_until)) : null,
    impact.status_changed_by && impact.status !== "open"
      ? h("span", {}, `${impact.status} by ${memberLabel(impact.status_changed_by)}`)
      : null,
  ];
  const main = h(
    "div",
    { class: "impact-main" },
    h("div", { class: "impact-title" }, h("span", { class: `badge sev-${impact.severity}` }, impact.severity), status, h("code", { class: "fn" }, impact.function), h("span", { class: "change" }, changeText(impact.change))),
    h("p", { class: "impact-meta" }, meta),
  );
  const actions = h("div", { class: "impact-actions" });
  const choices = impact.status === "open" ? ["resolved", "snoozed", "dismissed"] : ["resolved", "dismissed", "open"].filter((s) => s !== impact.status);
  for (const target of choices) {
    actions.append(
      h("button", { type: "button", class: `button small ${target === "resolved" ? "" : "secondary"}`, dataset: { action: target }, "aria-label": `${ACTIONS[target].label} ${impact.function}`, onclick: () => openForm(li, impact, target) }, ACTIONS[target].label),
    );
  }
  const detail = h("div", { class: "impact-detail", hidden: true });
  const toggle = h("button", { type: "button", class: "button small ghost", "aria-expanded": "false", onclick: () => toggleDetail(toggle, detail, impact) }, "Details");
  actions.append(toggle);
  li.append(h("div", { class: "impact-row" }, main, actions), h("div", { class: "impact-form-slot" }), detail);
  return li;
}

async function toggleDetail(button, box, impact) {
  const open = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!open));
  box.hidden = open;
  if (open || box.dataset.loaded) return;
  showLoading(box, "Loading details…");
  try {
    renderDetail(box, await api.get(`/v1/impacts/${encodeURIComponent(impact.id)}`));
    box.dataset.loaded = "true";
    box.removeAttribute("aria-busy");
  } catch (err) {
    showError(box, err);
  }
}

function openForm(li, impact, target) {
  const slot = li.querySelector(".impact-form-slot");
  clear(slot);
  const noteId = `note-${impact.id}`;
  const errorSlot = h("div", { class: "form-error" });
  const snooze =
    target === "snoozed"
      ? h("div", { class: "field inline" }, h("label", { for: `snooze-${impact.id}` }, "Snooze for"), h("select", { id: `snooze-${impact.id}`, name: "hours" }, SNOOZE_CHOICES.map(([v, t]) => h("option", { value: v, selected: v === "24" }, t))))
      : null;
  const submit = h("button", { type: "submit", class: "button small" }, ACTIONS[target].confirm);
  const cancel = h("button", { type: "button", class: "button small secondary", onclick: () => closeForm(li, target) }, "Cancel");
  const f = h(
    "form",
    { class: "impact-form", "aria-label": `${ACTIONS[target].confirm}: ${impact.function}` },
    h("label", { for: noteId }, "Note", h("span", { class: "muted" }, " (optional)")),
    h("textarea", { id: noteId, name: "note", rows: 2, maxlength: 2000, placeholder: target === "resolved" ? "Updated the caller to pass ctx" : "" }),
    snooze,
    h("div", { class: "form-row" }, submit, cancel),
    errorSlot,
  );
  f.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closeForm(li, target);
    } else if (e.key === "Enter" && !e.shiftKey && e.target.tagName === "TEXTAREA") {
      e.preventDefault();
      f.requestSubmit();
    }
  });
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    submit.disabled = true;
    clear(errorSlot);
    const body = { status: target, note: f.elements.note.value.trim() };
    if (snooze) body.snooze_until = new Date(Date.now() + Number(f.elements.hours.value) * 3600000).toISOString().replace(/\.\d+Z$/, "Z");
    try {
      const updated = await api.patch(`/v1/impacts/${encodeURIComponent(impact.id)}`, body);
      applyUpdate(li, updated || { ...impact, status: target });
    } catch (err) {
      errorSlot.append(errorBox(err));
      submit.disabled = false;
    }
  });
  slot.append(f);
  f.elements.note.focus();
}

function closeForm(li, target) {
  clear(li.querySelector(".impact-form-slot"));
  const back = li.querySelector(`[data-action="${target}"]`);
  if (back) back.focus();
}

function applyUpdate(li, impact) {
  const text = `${ACTIONS[impact.status] ? ACTIONS[impact.status].verb : impact.status}: ${impact.function}`;
  if (matchesFilter(impact)) {
    const fresh = drawn(impact);
    li.replaceWith(fresh);
    const first = fresh.querySelector("button");
    if (first) first.focus();
  } else {
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    shown -= 1;
    updateCount();
    if (next) next.querySelector("button").focus();
    else document.getElementById("main").focus();
    if (shown === 0 && !cursor) showEmpty(state, emptyTitle(), "Nothing left with these filters.");
  }
  announce(text);
}

function emptyTitle() {
  const active = Object.keys(filters).filter((k) => k !== "status").length;
  if (filters.status === "open" || !filters.status) return active ? "No open impacts match these filters." : "No open impacts.";
  return `No ${filters.status === "all" ? "" : filters.status + " "}impacts match these filters.`;
}

async function loadPage(reset) {
  loading = true;
  if (reset) {
    cursor = null;
    shown = 0;
    clear(list);
    showLoading(state, "Loading impacts…");
  }
  more.disabled = true;
  const params = { ...filters, limit: 50 };
  if (!reset && cursor) params.cursor = cursor;
  try {
    const page = await api.get("/v1/impacts", params);
    done(state);
    for (const impact of page.data) list.append(drawn(impact));
    shown += page.data.length;
    cursor = page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
    if (shown === 0) showEmpty(state, emptyTitle(), filters.status === "open" ? "Nothing on another branch affects yours right now." : null);
    updateCount();
    fillBranchOptions(page.data);
  } catch (err) {
    showError(state, err, { retry: () => loadPage(true) });
  } finally {
    more.disabled = false;
    loading = false;
    document.body.dataset.loaded = "true";
  }
}

function fillBranchOptions(impacts) {
  const datalist = document.getElementById("branch-options");
  const have = new Set([...datalist.options].map((o) => o.value));
  for (const i of impacts) {
    for (const b of [i.your_branch, i.other_branch]) {
      if (b && !have.has(b)) {
        have.add(b);
        datalist.append(h("option", { value: b }));
      }
    }
  }
}

// Live: impact.updated carries the impact as the list shows it, so a row
// changed by someone else is redrawn (or leaves a list it no longer
// matches); impact.detected reads the first page again (with the filters in
// force, not what is being typed in the form) and inserts what is new. A row
// with its form open, its details unfolded or the focus stays as it is until
// that ends.
const changedElsewhere = new Map();
let loading = false;

function busyRow(li) {
  return li.contains(document.activeElement) || li.querySelector(".impact-form-slot > *") || li.querySelector("[aria-expanded='true']");
}

function sameImpact(li, impact) {
  return li.dataset.json === JSON.stringify(impact);
}

function drawn(impact) {
  const li = impactItem(impact);
  li.dataset.json = JSON.stringify(impact);
  return li;
}

// The rows changed elsewhere, redrawn or removed; a busy one waits.
let retryChanged = null;
function applyChanged() {
  let changed = 0;
  for (const [id, impact] of [...changedElsewhere]) {
    const li = document.getElementById(`impact-${id}`);
    if (!li) {
      changedElsewhere.delete(id);
      continue;
    }
    if (busyRow(li)) continue;
    changedElsewhere.delete(id);
    if (matchesFilter(impact)) {
      if (!sameImpact(li, impact)) li.replaceWith(drawn(impact));
    } else {
      li.remove();
      shown -= 1;
    }
    changed += 1;
  }
  window.clearTimeout(retryChanged);
  if (changedElsewhere.size) {
    retryChanged = window.setTimeout(() => {
      if (applyChanged()) {
        updateCount();
        if (shown === 0 && !cursor) showEmpty(state, emptyTitle(), null);
      }
    }, 1500);
  }
  return changed;
}

async function refreshLive() {
  if (loading) {
    window.setTimeout(refreshLive, 500);
    return;
  }
  let page;
  try {
    page = await api.get("/v1/impacts", { ...filters, limit: 50 });
  } catch (err) {
    return; // what is shown stays; the next event or Refresh reads again
  }
  let changed = applyChanged();
  let prev = null;
  for (const impact of page.data) {
    let li = document.getElementById(`impact-${impact.id}`);
    if (!li) {
      li = drawn(impact);
      li.classList.add("fresh");
      if (prev) prev.after(li);
      else list.prepend(li);
      shown += 1;
      changed += 1;
    } else if (!busyRow(li) && li.dataset.json && !sameImpact(li, impact)) {
      const fresh = drawn(impact);
      li.replaceWith(fresh);
      li = fresh;
      changed += 1;
    }
    prev = li;
  }
  if (!changed) return;
  updateCount();
  if (shown > 0) done(state);
  else if (!cursor) showEmpty(state, emptyTitle(), filters.status === "open" ? "Nothing on another branch affects yours right now." : null);
  announce("Impacts updated");
}

const ctx = await initPage();
if (ctx) {
  filters = readFiltersFromUrl();
  writeFiltersToForm(filters);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    filters = readForm();
    if (!filters.status) filters.status = "open";
    syncUrl();
    loadPage(true);
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      filters = { status: "open" };
      writeFiltersToForm(filters);
      syncUrl();
      loadPage(true);
    });
  });
  more.addEventListener("click", () => loadPage(false));
  document.getElementById("refresh").addEventListener("click", () => loadPage(true));
  await loadPage(true);
  streamBadge();
  onEvent(["impact.updated"], (topic, impact) => impact && impact.id && changedElsewhere.set(impact.id, impact));
  liveRefresh(["impact.detected", "impact.updated"], refreshLive);
}
