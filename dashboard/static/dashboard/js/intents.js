// Intents: GET /v1/intents with q (summary substring), branch, author,
// ticket and since, paginated with the API's cursors; the filters live in
// the page URL.

import { api } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { announce, clear, done, h, initPage, memberLabel, readQuery, showEmpty, showError, showLoading, teamHref, timeEl, writeQuery } from "./ui.js";

const FILTERS = ["q", "branch", "author", "ticket", "since"];
const form = document.getElementById("intent-filters");
const list = document.getElementById("intent-list");
const state = document.getElementById("intent-state");
const count = document.getElementById("intent-count");
const more = document.getElementById("intent-more");
let cursor = null;
let shown = 0;

export function intentItem(intent) {
  const tickets = (intent.tickets || []).map((t) => h("span", { class: "badge ticket" }, t.id));
  return h(
    "li",
    { class: "row intent", id: `intent-${intent.id}`, dataset: { id: intent.id } },
    h("a", { class: "row-title", href: teamHref(`/dashboard/intents/${encodeURIComponent(intent.id)}/`) }, intent.summary),
    h(
      "div",
      { class: "row-meta" },
      h("span", { class: "author" }, memberLabel(intent.author)),
      intent.branch ? h("code", { class: "branch" }, intent.branch) : null,
      intent.repo ? h("span", { class: "muted" }, intent.repo) : null,
      tickets,
      h("span", { class: "muted counts" }, `${intent.nodes_changed} changed · ${intent.nodes_added} added · ${intent.nodes_deleted} deleted`),
      timeEl(intent.created_at),
    ),
  );
}

function filters() {
  const values = {};
  for (const name of FILTERS) values[name] = form.elements[name].value.trim();
  return values;
}

let loading = false;
async function load(reset) {
  loading = true;
  const values = filters();
  if (reset) {
    cursor = null;
    shown = 0;
    clear(list);
    count.textContent = "";
    showLoading(state, "Loading intents…");
  }
  more.disabled = true;
  try {
    const params = { ...values, limit: 25 };
    if (!reset && cursor) params.cursor = cursor;
    const page = await api.get("/v1/intents", params);
    for (const intent of page.data) list.append(intentItem(intent));
    shown += page.data.length;
    cursor = page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
    count.textContent = shown ? `${shown} intent${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}` : "";
    if (!shown) {
      const filtered = Object.values(values).some(Boolean);
      showEmpty(state, filtered ? "No intent matches these filters." : "No intents yet.",
        filtered ? "Clear a filter to see more." : "Agents and people log intents with POST /v1/intents.");
    } else done(state);
  } catch (err) {
    more.hidden = true;
    showError(state, err, { retry: () => load(true) });
  } finally {
    more.disabled = false;
    loading = false;
    document.body.dataset.loaded = "true";
  }
}

// A new intent (intent.logged): read the first page again with the filters
// in force (those of the URL, not what is being typed in the form) and put
// the intents not shown yet on top. The cursor of "Load more" still points
// below the oldest one shown, so paging goes on where it was.
async function addNew() {
  if (loading) {
    window.setTimeout(addNew, 500);
    return;
  }
  const applied = readQuery(FILTERS);
  try {
    const page = await api.get("/v1/intents", { ...applied, limit: 25 });
    const fresh = page.data.filter((intent) => !document.getElementById(`intent-${intent.id}`));
    if (!fresh.length) return;
    for (const intent of [...fresh].reverse()) {
      const li = intentItem(intent);
      li.classList.add("fresh");
      list.prepend(li);
    }
    shown += fresh.length;
    count.textContent = `${shown} intent${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}`;
    done(state);
    announce(`${fresh.length} new intent${fresh.length === 1 ? "" : "s"}`);
  } catch (err) {
    // The list stays as it was; the next event or a reload tries again.
  }
}

const ctx = await initPage();
if (ctx) {
  const initial = readQuery(FILTERS);
  for (const name of FILTERS) form.elements[name].value = initial[name];
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    writeQuery(filters());
    load(true);
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      writeQuery(Object.fromEntries(FILTERS.map((n) => [n, ""])));
      load(true);
    });
  });
  more.addEventListener("click", () => load(false));
  await load(true);
  streamBadge();
  liveRefresh(["intent.logged"], addNew);
}
