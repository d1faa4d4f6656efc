// Intents: GET /v1/intents with q (summary substring), branch, author,
// ticket and since, paginated with the API's cursors; the filters live in
// the page URL.

import { api } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { bindFilters, CursorList } from "./lists.js";
import { announce, h, initPage, memberLabel, readQuery, teamHref, timeEl } from "./ui.js";

const FILTERS = ["q", "branch", "author", "ticket", "since"];
const form = document.getElementById("intent-filters");
const list = document.getElementById("intent-list");
const state = document.getElementById("intent-state");
const count = document.getElementById("intent-count");
const more = document.getElementById("intent-more");

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

const intents = new CursorList({
  read: (params) => api.get("/v1/intents", params),
  list, state, more, count,
  noun: ["intent", "intents"],
  item: intentItem,
  idPrefix: "intent-",
  params: () => filters(),
  loadingText: "Loading intents…",
  empty: (values) => (Object.values(values).some(Boolean)
    ? ["No intent matches these filters.", "Clear a filter to see more."]
    : ["No intents yet.", "Agents and people log intents with POST /v1/intents."]),
  markLoaded: true,
});
let filters;

// A new intent (intent.logged): read the first page again with the filters
// in force (those of the URL, not what is being typed in the form) and put
// the intents not shown yet on top. The cursor of "Load more" still points
// below the oldest one shown, so paging goes on where it was.
async function addNew() {
  const added = await intents.addNew(() => readQuery(FILTERS));
  if (added) announce(`${added} new intent${added === 1 ? "" : "s"}`);
}

const ctx = await initPage();
if (ctx) {
  filters = bindFilters(form, FILTERS, () => intents.load(true));
  more.addEventListener("click", () => intents.load(false));
  await intents.load(true);
  streamBadge();
  liveRefresh(["intent.logged"], addNew);
}
