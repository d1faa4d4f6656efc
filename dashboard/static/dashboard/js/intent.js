// One intent: GET /v1/intents/{id} (with its nodes and tickets), and the
// impacts it raised (GET /v1/impacts on the intent's branch, matched by
// intent_id). Another team's intent is this page's own "not found".

import { api } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { clear, done, formatTime, h, initPage, memberLabel, showEmpty, showError, showLoading, showNotFound, teamHref } from "./ui.js";

const root = document.getElementById("intent");
const state = document.getElementById("intent-state");
const id = root.dataset.id;

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value === null || value === undefined || value === "" ? "—" : value)];
}

function render(intent) {
  document.title = `${intent.summary.slice(0, 60)} · Intent · Aura Mothership`;
  document.querySelector("#h-summary").textContent = intent.summary;
  const facts = document.getElementById("intent-facts");
  clear(facts);
  const tickets = (intent.tickets || []).map((t) => h("span", { class: "badge ticket" }, t.system ? `${t.system}: ${t.id}` : t.id));
  const goals = (intent.prove_goals || []).map((g) => h("li", {}, h("span", { class: `badge result-${g.result}` }, g.result), " ", g.goal));
  facts.append(
    ...fact("Author", memberLabel(intent.author)),
    ...fact("Where", `${intent.repo || "no repo"} · ${intent.branch || "no branch"}`),
    ...fact("Commit", intent.commit_sha ? h("code", {}, intent.commit_sha) : null),
    ...fact("Logged", formatTime(intent.created_at)),
    ...fact("Tickets", tickets.length ? tickets : null),
    ...fact("Prove goals", goals.length ? h("ul", { class: "plain" }, goals) : null),
    ...fact("Nodes", `${intent.nodes_changed} changed, ${intent.nodes_added} added, ${intent.nodes_deleted} deleted`),
  );
  const body = document.querySelector("#nodes-table tbody");
  clear(body);
  for (const node of intent.nodes || []) {
    body.append(h("tr", {}, h("td", {}, h("code", {}, node.name)), h("td", {}, h("span", { class: `badge change` }, node.change)), h("td", {}, node.path ? h("code", {}, node.path) : "—")));
  }
  const nodesState = document.getElementById("nodes-state");
  if (!(intent.nodes || []).length) {
    document.getElementById("nodes-table").hidden = true;
    showEmpty(nodesState, "No nodes.", "This intent names no function, class or file.");
  }
  root.hidden = false;
}

async function loadImpacts(intent, quiet = false) {
  const box = document.getElementById("impacts-state");
  const list = document.getElementById("intent-impacts");
  if (!intent.branch) {
    showEmpty(box, "No impacts.", "An intent without a branch raises none.");
    return;
  }
  if (!quiet) showLoading(box, "Loading impacts…");
  try {
    const page = await api.get("/v1/impacts", { status: "all", other_branch: intent.branch, limit: 100 });
    const mine = page.data.filter((i) => i.intent_id === intent.id);
    clear(list);
    for (const impact of mine) {
      list.append(
        h(
          "li",
          { class: "row" },
          h("a", { class: "row-title", href: teamHref("/dashboard/impacts/", { status: "all", function: impact.function, other_branch: impact.other_branch }) }, impact.function),
          h(
            "div",
            { class: "row-meta" },
            h("span", { class: `badge sev-${impact.severity}` }, impact.severity),
            h("span", { class: `badge status-${impact.status}` }, impact.status),
            h("span", {}, `${impact.change} · affects `, h("code", {}, impact.your_branch)),
          ),
        ),
      );
    }
    if (!mine.length) showEmpty(box, "No impacts.", "Nothing on another branch was affected by this change.");
    else done(box);
  } catch (err) {
    showError(box, err, { retry: () => loadImpacts(intent) });
  }
}

const ctx = await initPage();
if (ctx) {
  showLoading(state, "Loading the intent…");
  try {
    const intent = await api.get(`/v1/intents/${encodeURIComponent(id)}`);
    done(state);
    render(intent);
    await loadImpacts(intent);
    // The impacts this intent raised change as they are detected, resolved or snoozed.
    if (intent.branch) {
      streamBadge();
      liveRefresh(["impact.detected", "impact.updated"], () => loadImpacts(intent, true), { wait: 1000 });
    }
  } catch (err) {
    if (err.status === 404) showNotFound(state, "Intent");
    else showError(state, err, { retry: () => window.location.reload() });
  } finally {
    document.body.dataset.loaded = "true";
  }
}
