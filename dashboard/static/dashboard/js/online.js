// Online now: GET /v1/presence (one row per active member, no cursor),
// asked again on presence.changed (joined, left, branch changed) from the
// tab's shared stream, and every 30 seconds while the tab is visible (a
// heartbeat alone moves "last seen" without an event).

import { api, currentUser } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { clear, done, formatTime, h, initPage, memberLabel, showEmpty, showError, showLoading, timeEl } from "./ui.js";

const REFRESH_MS = 30_000;
const table = document.getElementById("online-table");
const state = document.getElementById("online-state");
const count = document.getElementById("online-count");
const updated = document.getElementById("online-updated");
let timer = null;

function where(row) {
  const repo = row.repo || "no repo";
  return [h("code", { class: "branch" }, row.branch || "no branch"), h("span", { class: "muted" }, ` · ${repo}`)];
}

function presenceRow(row) {
  const member = row.member || {};
  const kind = member.kind && member.kind !== "human" ? h("span", { class: `badge kind-${member.kind}` }, member.kind) : null;
  const editing = row.editing || [];
  return h(
    "tr",
    { dataset: { member: member.id || "" } },
    h("td", { class: "who" }, h("strong", {}, memberLabel(member)), member.name === currentUser ? h("span", { class: "muted" }, " (you)") : null, " ", kind),
    h("td", { class: "where" }, where(row)),
    h("td", { class: "editing" }, editing.length ? h("ul", { class: "paths" }, editing.map((p) => h("li", {}, h("code", {}, p)))) : h("span", { class: "muted" }, "—")),
    h("td", { class: "client" }, row.client || h("span", { class: "muted" }, "—")),
    h("td", { class: "seen" }, timeEl(row.last_seen_at), h("span", { class: "muted since" }, ` · active since ${formatTime(row.active_since)}`)),
  );
}

async function load(first) {
  if (first) showLoading(state, "Loading who is online…");
  try {
    const answer = await api.get("/v1/presence");
    const body = table.tBodies[0];
    clear(body);
    const rows = answer.data || [];
    for (const row of rows) body.append(presenceRow(row));
    table.hidden = !rows.length;
    count.hidden = !rows.length;
    count.textContent = `${rows.length} online`;
    updated.textContent = `updated ${formatTime(new Date().toISOString())}`;
    if (!rows.length) {
      showEmpty(state, "Nobody is active right now.", "A member shows here for a few minutes after their client's last heartbeat (POST /v1/presence).");
    } else done(state);
  } catch (err) {
    table.hidden = true;
    count.hidden = true;
    showError(state, err, { retry: () => load(true) });
  } finally {
    document.body.dataset.loaded = "true";
  }
}

function schedule() {
  window.clearInterval(timer);
  timer = window.setInterval(() => {
    if (document.visibilityState === "visible") load(false);
  }, REFRESH_MS);
}

const ctx = await initPage();
if (ctx) {
  document.getElementById("refresh").addEventListener("click", () => {
    load(true);
    schedule();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") load(false);
  });
  await load(true);
  schedule();
  streamBadge();
  liveRefresh(["presence.changed"], () => load(false));
}
