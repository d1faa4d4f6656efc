// Zones and messages: active claims (GET /v1/zones) and the team channel
// (GET /v1/messages, unread_only for the unread marks, PATCH to mark read,
// POST to post).

import { api, currentUser, withTeam } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { announce, clear, confirmInline, done, errorBox, formatTime, h, initPage, memberLabel, showEmpty, showError, showLoading, timeEl } from "./ui.js";

const zonesTable = document.getElementById("zones-table");
const zonesState = document.getElementById("zones-state");
const list = document.getElementById("messages");
const messagesState = document.getElementById("messages-state");
const unreadBadge = document.getElementById("unread-count");
const markAll = document.getElementById("mark-all");
const channelSelect = document.getElementById("m-channel");
const unreadOnly = document.getElementById("m-unread");
const more = document.getElementById("messages-more");
const compose = document.getElementById("compose");
const composeError = document.getElementById("compose-error");
let unread = new Set();
let cursor = null;

// --- zones -----------------------------------------------------------------
function where(zone) {
  const repo = zone.repo || "every repo";
  const branch = zone.branch || "every branch";
  return `${repo} · ${branch}`;
}

function zoneRow(zone) {
  const mine = zone.owner && zone.owner.name === currentUser;
  return h(
    "tr",
    { dataset: { id: zone.id } },
    h("td", {}, memberLabel(zone.owner), mine ? h("span", { class: "muted" }, " (you)") : null),
    h("td", {}, h("ul", { class: "paths" }, (zone.paths || []).map((p) => h("li", {}, h("code", {}, p)))), zone.reason ? h("p", { class: "muted reason" }, zone.reason) : null),
    h("td", {}, h("span", { class: `badge mode-${zone.mode}` }, zone.mode)),
    h("td", {}, where(zone)),
    h("td", {}, zone.expires_at ? [timeEl(zone.expires_at), h("span", { class: "until" }, formatTime(zone.expires_at))] : "—"),
    h("td", { class: "actions" }, mine ? releaseButton(zone) : null),
  );
}

function releaseButton(zone) {
  const label = `Release ${(zone.paths || []).join(", ")}`;
  const button = h("button", { type: "button", class: "button small secondary release", "aria-label": label }, "Release");
  button.addEventListener("click", async () => {
    if (!(await confirmInline(button, "Release this claim?", "Release"))) return;
    button.disabled = true;
    const cell = button.closest("td");
    for (const old of cell.querySelectorAll(".state.error")) old.remove();
    try {
      await api.delete(`/v1/zones/${encodeURIComponent(zone.id)}`);
      const row = button.closest("tr");
      row.remove();
      announce("Claim released");
      if (!zonesTable.tBodies[0].rows.length) {
        zonesTable.hidden = true;
        showEmpty(zonesState, "No active claims.", "Nobody has claimed a zone. Claims expire by themselves.");
      }
      document.getElementById("refresh").focus();
    } catch (err) {
      button.disabled = false;
      cell.append(errorBox(err));
      button.focus();
    }
  });
  return button;
}

const claimForm = document.getElementById("claim-form");
const claimError = document.getElementById("claim-error");

async function claim(e) {
  e.preventDefault();
  clear(claimError);
  claimError.hidden = true;
  const f = claimForm.elements;
  const paths = f.paths.value.split("\n").map((p) => p.trim()).filter(Boolean);
  if (!paths.length) {
    f.paths.focus();
    return;
  }
  const body = { paths, mode: f.mode.value, ttl_seconds: Number(f.ttl_seconds.value) };
  if (f.reason.value.trim()) body.reason = f.reason.value.trim();
  if (f.branch.value.trim()) body.branch = f.branch.value.trim();
  const button = claimForm.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const zone = await api.post("/v1/zones", withTeam(body));
    // Only a success clears what was typed.
    claimForm.reset();
    await loadZones();
    const note = zone.conflicts && zone.conflicts.length ? ` (overlaps ${zone.conflicts.length} other claim${zone.conflicts.length === 1 ? "" : "s"})` : "";
    announce(`Zone claimed${note}`);
    const row = zonesTable.querySelector(`tr[data-id="${zone.id}"]`);
    if (row) row.classList.add("fresh");
  } catch (err) {
    claimError.append(errorBox(err));
    claimError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function loadZones() {
  showLoading(zonesState, "Loading claims…");
  try {
    const page = await api.get("/v1/zones", { limit: 100 });
    const body = zonesTable.tBodies[0];
    clear(body);
    if (!page.data.length) {
      zonesTable.hidden = true;
      showEmpty(zonesState, "No active claims.", "Nobody has claimed a zone. Claims expire by themselves.");
      return;
    }
    for (const zone of page.data) body.append(zoneRow(zone));
    zonesTable.hidden = false;
    done(zonesState);
    if (page.has_more) zonesState.append(h("p", { class: "muted" }, "Showing the first 100 claims."));
  } catch (err) {
    zonesTable.hidden = true;
    showError(zonesState, err, { retry: loadZones });
  }
}

// A claim or release by anyone (zone.*): read the claims again and merge
// them in place. Rows still active stay as they are (a Release waiting for
// its confirmation, or holding focus, is not disturbed); new claims are
// inserted where the API lists them; ended ones go.
async function mergeZones() {
  let page;
  try {
    page = await api.get("/v1/zones", { limit: 100 });
  } catch (err) {
    return; // what is shown stays; the next event or Refresh reads again
  }
  const body = zonesTable.tBodies[0];
  const keep = new Set(page.data.map((z) => z.id));
  for (const row of [...body.rows]) {
    if (!keep.has(row.dataset.id) && !row.querySelector(".confirm") && !row.contains(document.activeElement)) row.remove();
  }
  let prev = null;
  for (const zone of page.data) {
    let row = body.querySelector(`tr[data-id="${CSS.escape(zone.id)}"]`);
    if (!row) {
      row = zoneRow(zone);
      row.classList.add("fresh");
      if (prev) prev.after(row);
      else body.prepend(row);
    }
    prev = row;
  }
  if (body.rows.length) {
    zonesTable.hidden = false;
    done(zonesState);
    if (page.has_more) zonesState.append(h("p", { class: "muted" }, "Showing the first 100 claims."));
  } else {
    zonesTable.hidden = true;
    showEmpty(zonesState, "No active claims.", "Nobody has claimed a zone. Claims expire by themselves.");
  }
}

// --- messages --------------------------------------------------------------
function setUnreadCount() {
  const n = unread.size;
  unreadBadge.hidden = n === 0;
  unreadBadge.textContent = `${n} unread`;
  markAll.hidden = n === 0;
}

function recipient(msg) {
  const to = msg.to || {};
  if (to.kind === "member") return h("span", { class: "badge direct" }, `to ${memberLabel(to)}`);
  return null;
}

function messageItem(msg) {
  const mine = msg.from && msg.from.name === currentUser;
  const isUnread = unread.has(msg.id) && !mine;
  const li = h("li", { class: `message${isUnread ? " unread" : ""}${mine ? " mine" : ""}`, id: `message-${msg.id}`, dataset: { id: msg.id } });
  const kind = msg.from && msg.from.kind && msg.from.kind !== "human" ? h("span", { class: `badge kind-${msg.from.kind}` }, msg.from.kind) : null;
  const head = h(
    "div",
    { class: "message-head" },
    isUnread ? h("span", { class: "unread-dot", title: "Unread" }, h("span", { class: "visually-hidden" }, "Unread: ")) : null,
    h("strong", { class: "from" }, memberLabel(msg.from)),
    kind,
    recipient(msg),
    timeEl(msg.created_at),
  );
  if (isUnread) {
    const btn = h("button", { type: "button", class: "button small ghost mark-read", "aria-label": `Mark message from ${memberLabel(msg.from)} read` }, "Mark read");
    btn.addEventListener("click", () => markRead(li, msg, btn));
    head.append(btn);
  }
  li.append(head, h("p", { class: "body" }, msg.body));
  return li;
}

async function markRead(li, msg, btn) {
  if (btn) btn.disabled = true;
  try {
    await api.patch(`/v1/messages/${encodeURIComponent(msg.id)}`, { read: true });
    unread.delete(msg.id);
    li.classList.remove("unread");
    const dot = li.querySelector(".unread-dot");
    if (dot) dot.remove();
    const button = li.querySelector(".mark-read");
    if (button) button.remove();
    setUnreadCount();
    if (unreadOnly.checked) li.remove();
    return true;
  } catch (err) {
    if (btn) btn.disabled = false;
    li.append(errorBox(err));
    return false;
  }
}

const sleep = (ms) => new Promise((r) => window.setTimeout(r, ms));

async function markAllRead() {
  markAll.disabled = true;
  // One PATCH per message, paced under the per-second burst limit.
  for (const li of [...list.querySelectorAll("li.unread")]) {
    const ok = await markRead(li, { id: li.dataset.id, from: {} }, null);
    if (!ok) break;
    await sleep(120);
  }
  markAll.disabled = false;
  announce("Messages marked read");
}

async function loadMessages(reset) {
  loadingMessages = true;
  const channel = channelSelect.value;
  if (reset) {
    cursor = null;
    clear(list);
    showLoading(messagesState, "Loading messages…");
  }
  more.disabled = true;
  try {
    const params = { channel, limit: 30 };
    if (!reset && cursor) params.cursor = cursor;
    if (unreadOnly.checked) params.unread_only = "true";
    const [page, unreadPage] = await Promise.all([
      api.get("/v1/messages", params),
      reset ? api.get("/v1/messages", { channel, unread_only: "true", limit: 500 }) : null,
    ]);
    if (unreadPage) unread = new Set(unreadPage.data.filter((m) => !(m.from && m.from.name === currentUser)).map((m) => m.id));
    for (const msg of page.data) list.append(messageItem(msg));
    cursor = page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
    setUnreadCount();
    if (!list.children.length) {
      showEmpty(
        messagesState,
        unreadOnly.checked ? "No unread messages." : `No messages on #${channel} yet.`,
        channel === "team" && !unreadOnly.checked ? "Say hello with the form above." : null,
      );
    } else done(messagesState);
  } catch (err) {
    showError(messagesState, err, { retry: () => loadMessages(true) });
  } finally {
    more.disabled = false;
    loadingMessages = false;
    document.body.dataset.loaded = "true";
  }
}

// A new message (message.posted): the newest page of the channel shown, with
// the filters in force; messages not shown yet go on top, with their unread
// marks. The compose box is not touched.
let loadingMessages = false;
async function addNewMessages() {
  if (loadingMessages) {
    window.setTimeout(addNewMessages, 500);
    return;
  }
  const channel = channelSelect.value;
  try {
    const params = { channel, limit: 30 };
    if (unreadOnly.checked) params.unread_only = "true";
    const [page, unreadPage] = await Promise.all([
      api.get("/v1/messages", params),
      api.get("/v1/messages", { channel, unread_only: "true", limit: 500 }),
    ]);
    if (channel !== channelSelect.value) return;
    const fresh = page.data.filter((m) => !document.getElementById(`message-${m.id}`));
    if (!fresh.length) return;
    for (const m of unreadPage.data) if (!(m.from && m.from.name === currentUser)) unread.add(m.id);
    for (const msg of [...fresh].reverse()) {
      const li = messageItem(msg);
      li.classList.add("fresh");
      list.prepend(li);
    }
    setUnreadCount();
    done(messagesState);
    announce(`${fresh.length} new message${fresh.length === 1 ? "" : "s"}`);
  } catch (err) {
    // The list stays as it was; the next event or Refresh reads again.
  }
}

async function post(e) {
  e.preventDefault();
  const field = compose.elements.body;
  const body = field.value.trim();
  clear(composeError);
  composeError.hidden = true;
  if (!body) {
    field.focus();
    return;
  }
  const button = compose.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const msg = await api.post("/v1/messages", withTeam({ channel: "team", to: { kind: "broadcast" }, body }));
    field.value = "";
    if (channelSelect.value !== "team" || unreadOnly.checked) {
      channelSelect.value = "team";
      unreadOnly.checked = false;
      await loadMessages(true);
    } else {
      done(messagesState);
      list.prepend(messageItem(msg));
    }
    announce("Message posted");
  } catch (err) {
    composeError.append(errorBox(err));
    composeError.hidden = false;
  } finally {
    button.disabled = false;
    field.focus();
  }
}

const ctx = await initPage();
if (ctx) {
  compose.addEventListener("submit", post);
  claimForm.addEventListener("submit", claim);
  compose.elements.body.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      compose.requestSubmit();
    }
  });
  channelSelect.addEventListener("change", () => loadMessages(true));
  unreadOnly.addEventListener("change", () => loadMessages(true));
  more.addEventListener("click", () => loadMessages(false));
  markAll.addEventListener("click", markAllRead);
  document.getElementById("refresh").addEventListener("click", () => {
    loadZones();
    loadMessages(true);
  });
  await Promise.all([loadZones(), loadMessages(true)]);
  streamBadge();
  liveRefresh(["zone.claimed", "zone.released"], mergeZones);
  liveRefresh(["message.posted"], addNewMessages);
}
