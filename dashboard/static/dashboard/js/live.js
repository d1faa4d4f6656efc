// Live: the event stream (the tab's one EventSource on
// /v1/events?subscribe=true, see stream.js) as a feed, newest first, with
// topic filters. EventSource reconnects by itself and sends Last-Event-ID;
// if the server refuses the stream outright stream.js asks why, and the page
// shows it and reconnects from the last event seen with ?after=.

import { api } from "./api.js";
import { TOPICS, onEvent, onStreamState, reconnect, startAfter } from "./stream.js";
import { clear, errorBox, h, initPage, memberLabel, showEmpty, timeEl, done } from "./ui.js";

const MAX_ITEMS = 500;
const BACKLOG = 100;

const feed = document.getElementById("feed");
const conn = document.getElementById("conn");
const countEl = document.getElementById("feed-count");
const state = document.getElementById("feed-state");
const topicList = document.getElementById("topic-list");
const shown = new Set(TOPICS);
let lastId = null;

function setConn(kind, text) {
  conn.dataset.state = kind;
  conn.textContent = text;
}

function pick(obj, ...keys) {
  for (const key of keys) {
    const value = key.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return undefined;
}

function joinPaths(paths) {
  if (!Array.isArray(paths)) return paths;
  return paths.length > 3 ? `${paths.slice(0, 3).join(", ")} +${paths.length - 3}` : paths.join(", ");
}

// One readable line for an event; the raw payload sits in <details> below it.
export function describe(topic, data) {
  const d = data || {};
  const who = memberLabel(pick(d, "author", "from", "owner", "actor", "member", "intent.author", "message.from", "zone.owner", "status_changed_by"));
  const branch = pick(d, "branch", "intent.branch", "your_branch");
  switch (topic) {
    case "intent.logged":
      return `${who} logged “${pick(d, "summary", "intent.summary") || pick(d, "intent_id", "id")}”${branch ? ` on ${branch}` : ""}`;
    case "impact.detected":
    case "impact.updated": {
      const fn = pick(d, "function", "impact.function") || pick(d, "impact_id", "id");
      const sev = pick(d, "severity", "impact.severity");
      const status = pick(d, "status", "impact.status");
      const where = pick(d, "other_branch") && pick(d, "your_branch") ? ` (${d.other_branch} → ${d.your_branch})` : "";
      return topic === "impact.detected"
        ? `${sev ? sev + " " : ""}impact on ${fn}${where}`
        : `${fn} is now ${status || "updated"}${d.status_changed_by ? ` (by ${memberLabel(d.status_changed_by)})` : ""}`;
    }
    case "message.posted":
      return `${who} on #${pick(d, "channel", "message.channel") || "team"}: ${pick(d, "body", "message.body") || ""}`;
    case "snapshot.created":
      return `${who} snapshot ${pick(d, "path", "snapshot.path") || ""}${branch ? ` on ${branch}` : ""}`;
    case "zone.claimed":
    case "zone.released":
    case "zone.blocked": {
      const verb = { "zone.claimed": "claimed", "zone.released": "released", "zone.blocked": "was blocked on" }[topic];
      return `${who} ${verb} ${joinPaths(pick(d, "paths", "zone.paths", "path")) || pick(d, "zone_id", "id") || ""}`;
    }
    case "prove.passed":
    case "prove.failed":
      return `Prove ${pick(d, "result", "verdict") || (topic === "prove.passed" ? "pass" : "fail")}: “${pick(d, "goal") || ""}”${branch ? ` on ${branch}` : ""}`;
    case "token.revoked":
      return `Token aura_${pick(d, "prefix") || "?"}_… revoked`;
    default:
      return topic;
  }
}

function updateCount() {
  const events = [...feed.children].filter((li) => li.dataset.topic);
  const visible = events.filter((li) => !li.hidden).length;
  countEl.textContent = events.length ? `${events.length} event${events.length === 1 ? "" : "s"}${visible !== events.length ? `, ${visible} shown` : ""}` : "";
  if (!events.length) showEmpty(state, "No events yet.", "Events appear here the moment anyone on the team writes.");
  else if (!visible) showEmpty(state, "No events for the chosen topics.", "Tick more topics above.");
  else done(state);
}

function addEvent(topic, frame, id) {
  let payload = frame;
  if (typeof frame === "string") {
    try {
      payload = JSON.parse(frame);
    } catch (err) {
      payload = { data: frame };
    }
  }
  const data = payload.data !== undefined ? payload.data : payload;
  const created = payload.created_at || new Date().toISOString();
  const li = h(
    "li",
    { class: `event topic-${topic.replace(".", "-")}`, dataset: { topic, seq: id || "" }, hidden: !shown.has(topic) },
    h("div", { class: "event-head" }, h("span", { class: "badge topic" }, topic), timeEl(created), id ? h("span", { class: "muted seq" }, `#${id}`) : null),
    h("p", { class: "event-text" }, describe(topic, data)),
    h("details", {}, h("summary", {}, "Payload"), h("pre", {}, JSON.stringify(payload, null, 2))),
  );
  feed.prepend(li);
  while (feed.children.length > MAX_ITEMS) feed.lastElementChild.remove();
  updateCount();
}

// The last hour, from the durable poll (oldest first), so the feed does not
// open empty; the stream then continues right after its last sequence (and
// replays the rest of the hour when there was more than one page).
async function loadBacklog() {
  try {
    const page = await api.get("/v1/events", { since: "1h", limit: BACKLOG });
    for (const event of page.data) {
      addEvent(event.topic, event, String(event.seq));
      lastId = String(event.seq);
    }
  } catch (err) {
    clear(state);
    state.append(errorBox(err, { retry: () => window.location.reload() }));
    return false;
  }
  return true;
}

// The tab's one stream (stream.js), shared with nothing else on this page.
function follow() {
  startAfter(lastId);
  onStreamState(({ state: kind, text, error }) => {
    if (kind === "idle") return;
    setConn(kind, text);
    document.body.dataset.streaming = String(kind === "live");
    if (kind === "live") {
      updateCount();
      return;
    }
    if (kind === "paused") {
      // Other tabs hold this member's streams (five at most): this tab waits
      // and says so, instead of failing; what happens meanwhile is replayed.
      clear(state);
      state.append(
        h(
          "div",
          { class: "state paused", role: "status" },
          h("strong", {}, "Live updates paused."),
          h("p", {}, `${error.message} Close another tab with a live page, or wait: this one tries again by itself and catches up.`),
        ),
      );
    } else if (kind === "down" && error) {
      clear(state);
      state.append(errorBox(error, { retry: reconnect }));
    }
  });
  onEvent(TOPICS, (topic, data, id, frame) => {
    lastId = id || lastId;
    addEvent(topic, frame, id);
  });
  onEvent(["reset"], (topic, data) => {
    const text = (data && data.message) || "Some events could not be replayed; the feed continues from now.";
    feed.prepend(h("li", { class: "event reset" }, h("p", {}, text)));
  });
}

function buildTopicFilters() {
  for (const topic of TOPICS) {
    const id = `topic-${topic.replace(".", "-")}`;
    const box = h("input", { type: "checkbox", id, value: topic, checked: true });
    box.addEventListener("change", () => {
      if (box.checked) shown.add(topic);
      else shown.delete(topic);
      applyFilters();
    });
    topicList.append(h("label", { class: "check topic-check", for: id }, box, h("span", { class: "badge topic" }, topic)));
  }
  const setAll = (on) => {
    for (const box of topicList.querySelectorAll("input")) {
      box.checked = on;
      if (on) shown.add(box.value);
      else shown.delete(box.value);
    }
    applyFilters();
  };
  document.getElementById("topics-all").addEventListener("click", () => setAll(true));
  document.getElementById("topics-none").addEventListener("click", () => setAll(false));
  document.getElementById("feed-clear").addEventListener("click", () => {
    clear(feed);
    updateCount();
  });
}

function applyFilters() {
  for (const li of feed.children) li.hidden = li.dataset.topic ? !shown.has(li.dataset.topic) : false;
  updateCount();
}

const ctx = await initPage();
if (ctx) {
  buildTopicFilters();
  if (await loadBacklog()) {
    updateCount();
    follow();
  }
}
