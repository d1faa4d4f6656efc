// One event stream per tab, shared by every widget on the page.
//
//   import { liveRefresh, onEvent, onStreamState } from "./stream.js";
//   liveRefresh(["intent.logged"], () => refreshList());      // debounced
//   onEvent(["zone.*"], (topic, data, id) => …);               // every event
//
// The first registration opens one EventSource on
// GET /v1/events?subscribe=true&topics=<every topic asked for> (the page's
// team comes from api.js); a later registration asking for a topic not yet
// streamed reopens it right after the last event seen, so nothing is missed.
// EventSource reconnects by itself with Last-Event-ID. A stream the server
// refuses is asked about once with fetch: past the member's five streams
// (too_many_streams) the tab says "Live updates paused" and tries again
// after Retry-After; other refusals back off up to a minute. Either way the
// page keeps working from plain reads.

import { eventStream, probeStream, signIn } from "./api.js";

const listeners = []; // {topics: Set of topics and "family.*" patterns, fn}
const stateListeners = [];
const resyncers = new Set(); // called when events may have been missed
let source = null;
let streamed = null; // the topics of the open stream (sorted, comma-joined)
let lastId = null;
let retryTimer = null;
let retryDelay = 2000;
let scheduled = false;
let everOpen = false;
let current = { state: "idle", text: "", error: null };

function matches(patterns, topic) {
  if (patterns.has("*") || patterns.has(topic)) return true;
  return patterns.has(topic.split(".")[0] + ".*");
}

function wantedTopics() {
  const all = new Set();
  for (const l of listeners) for (const t of l.topics) if (t !== "reset") all.add(t);
  return all.has("*") ? "" : [...all].sort().join(",");
}

function setState(state, text, error = null) {
  current = { state, text, error };
  document.body.dataset.stream = state;
  for (const fn of stateListeners) fn(current);
}

function dispatch(topic, raw, id) {
  if (id) lastId = id;
  let payload = raw;
  try {
    payload = JSON.parse(raw);
  } catch (err) {
    payload = { data: raw };
  }
  const data = payload && payload.data !== undefined ? payload.data : payload;
  for (const l of listeners) {
    if (matches(l.topics, topic)) l.fn(topic, data, id, payload);
  }
}

function resync() {
  for (const fn of resyncers) fn();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  // After the page's other registrations of this turn: one stream for all.
  window.setTimeout(() => {
    scheduled = false;
    if (!source || wantedTopics() !== streamed) connect();
  }, 0);
}

function connect() {
  window.clearTimeout(retryTimer);
  if (source) source.close();
  const topics = wantedTopics();
  streamed = topics;
  setState(everOpen ? "reconnecting" : "connecting", everOpen ? "Reconnecting…" : "Connecting…");
  const params = { subscribe: "true" };
  if (topics) params.topics = topics;
  if (lastId) params.after = lastId;
  const es = eventStream("/v1/events", params);
  source = es;
  const names = new Set(listeners.flatMap((l) => [...l.topics]).filter((t) => t !== "reset"));
  es.addEventListener("open", () => {
    retryDelay = 2000;
    // A reopened stream with no event seen yet cannot replay: read again.
    if (everOpen && !lastId) resync();
    everOpen = true;
    setState("live", "Live");
  });
  es.addEventListener("error", () => onError(es));
  es.addEventListener("reset", (e) => {
    if (e.lastEventId) lastId = e.lastEventId;
    dispatch("reset", e.data, e.lastEventId);
    resync();
  });
  for (const name of names) {
    // EventSource delivers by exact event name: list every topic of a family.
    for (const topic of name.endsWith("*") ? expand(name) : [name]) {
      es.addEventListener(topic, (e) => dispatch(topic, e.data, e.lastEventId));
    }
  }
}

// The topics EventSource must listen for when a family is asked for.
export const TOPICS = [
  "intent.logged",
  "impact.detected",
  "impact.updated",
  "message.posted",
  "snapshot.created",
  "zone.claimed",
  "zone.released",
  "zone.blocked",
  "prove.passed",
  "prove.failed",
  "token.revoked",
  "knowledge.created",
  "member.joined",
  "presence.changed",
];

function expand(pattern) {
  if (pattern === "*") return TOPICS;
  const family = pattern.slice(0, -1);
  return TOPICS.filter((t) => t.startsWith(family));
}

async function onError(es) {
  if (es !== source) return;
  if (es.readyState === EventSource.CONNECTING) {
    setState("reconnecting", "Reconnecting…");
    return;
  }
  setState("down", "Disconnected");
  const params = { subscribe: "true" };
  if (streamed) params.topics = streamed;
  if (lastId) params.after = lastId;
  const err = await probeStream("/v1/events", params);
  if (es !== source) return;
  if (err && err.status === 401) {
    // The session ended: sign in again and come back to this same page.
    signIn();
    return;
  }
  if (err && err.code === "too_many_streams") {
    // Other tabs hold this member's streams (five at most): this tab waits
    // and says so instead of failing; what happens meanwhile is replayed.
    setState("paused", "Live updates paused", err);
  } else {
    setState("down", "Disconnected", err || { message: "The event stream closed.", hint: "Reconnecting by itself; events missed meanwhile are replayed." });
  }
  const wait = err && err.retryAfter ? Number(err.retryAfter) * 1000 : retryDelay;
  retryDelay = Math.min(retryDelay * 2, 60000);
  if (!err || err.status === 429 || err.status >= 500 || err.status === 0) retryTimer = window.setTimeout(connect, wait);
}

// Every event of these topics ("zone.*" and "*" work too): fn(topic, data,
// id, frame). "reset" is the server's note that some events could not be
// replayed (the widgets of liveRefresh read again by themselves).
export function onEvent(topics, fn) {
  listeners.push({ topics: new Set(topics), fn });
  schedule();
}

// fn({state, text, error}) now and at every change: idle, connecting, live,
// reconnecting, down, paused.
export function onStreamState(fn) {
  stateListeners.push(fn);
  fn(current);
}

// The Live page reads the last hour first; the stream continues after it.
export function startAfter(id) {
  if (id && !source) lastId = String(id);
}

// Try again now (a "Try again" button).
export function reconnect() {
  connect();
}

// fn once `wait` ms after the last call, and at least every `maxWait` ms
// while calls keep coming.
export function debounce(fn, wait, maxWait = wait * 4) {
  let timer = null;
  let first = null;
  return () => {
    const now = Date.now();
    if (first === null) first = now;
    window.clearTimeout(timer);
    const delay = Math.max(0, Math.min(wait, first + maxWait - now));
    timer = window.setTimeout(() => {
      first = null;
      fn();
    }, delay);
  };
}

// A widget that re-reads what it shows when one of `topics` arrives: calls
// of `refresh` are debounced (a burst of events costs one read), held back
// while the user is typing or deciding inside `busyWithin` (refresh() runs
// once that ends), and run after a gap the stream could not replay.
export function liveRefresh(topics, refresh, { wait = 500, busy = () => false } = {}) {
  let pending = false;
  const run = () => {
    if (busy()) {
      pending = true;
      window.setTimeout(run, 1000);
      return;
    }
    pending = false;
    refresh();
  };
  const later = debounce(run, wait);
  onEvent(topics, () => later());
  resyncers.add(later);
  return { pending: () => pending, now: later };
}

// The small "Live" badge next to a page's title: what the stream is doing,
// and "Live updates paused" when the member's five streams are taken.
export function streamBadge(container = document.querySelector(".page-head")) {
  if (!container || document.getElementById("stream-state")) return null;
  const badge = document.createElement("span");
  badge.className = "conn conn-small";
  badge.id = "stream-state";
  badge.setAttribute("role", "status");
  const title = container.querySelector("h1");
  if (title) title.after(badge);
  else container.append(badge);
  onStreamState(({ state, text, error }) => {
    badge.dataset.state = state;
    badge.textContent = state === "idle" ? "" : text;
    badge.hidden = state === "idle";
    badge.title = error ? [error.message, error.hint].filter(Boolean).join(" ") : state === "live" ? "This page updates as the team writes." : "";
  });
  return badge;
}

// Leaving the page gives the slot back at once; coming back (the back
// button) continues after the last event seen.
window.addEventListener("pagehide", () => {
  window.clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
});
window.addEventListener("pageshow", (e) => {
  if (e.persisted && listeners.length) connect();
});
