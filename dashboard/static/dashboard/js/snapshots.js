// Snapshots: GET /v1/snapshots (file glob, branch, author; cursors), one
// snapshot's content viewed as text (inserted as text, never as HTML) when
// it is text and not too big, and a download link to its content URL.

import { api, apiUrl } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { clear, done, h, initPage, memberLabel, readQuery, showEmpty, showError, showLoading, showNotFound, timeEl, writeQuery } from "./ui.js";

const FILTERS = ["file", "branch", "author", "snapshot"];
const MAX_VIEW_BYTES = 512 * 1024;
const form = document.getElementById("snapshot-filters");
const list = document.getElementById("snapshot-list");
const state = document.getElementById("snapshot-state");
const count = document.getElementById("snapshot-count");
const more = document.getElementById("snapshot-more");
const viewState = document.getElementById("view-state");
const viewContent = document.getElementById("view-content");
const viewMeta = document.getElementById("view-meta");
const download = document.getElementById("view-download");
let cursor = null;
let shown = 0;

function filters() {
  const values = {};
  for (const name of ["file", "branch", "author"]) values[name] = form.elements[name].value.trim();
  return values;
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 102.4) / 10} KB`;
  return `${Math.round(bytes / 104857.6) / 10} MB`;
}

function isText(snapshot) {
  const type = (snapshot.content_type || "").toLowerCase();
  return type.startsWith("text/") || /json|xml|javascript|yaml|toml/.test(type);
}

function snapshotItem(snapshot) {
  const open = h("button", { type: "button", class: "link-like row-title", "aria-controls": "viewer" }, snapshot.path);
  open.addEventListener("click", () => view(snapshot.id));
  return h(
    "li",
    { class: "row snapshot", id: `snapshot-${snapshot.id}`, dataset: { id: snapshot.id } },
    open,
    h(
      "div",
      { class: "row-meta" },
      h("span", {}, memberLabel(snapshot.author)),
      snapshot.branch ? h("code", {}, snapshot.branch) : null,
      h("span", { class: "muted" }, `${size(snapshot.size)} · ${snapshot.content_type}`),
      timeEl(snapshot.created_at),
    ),
  );
}

async function view(id) {
  writeQuery({ snapshot: id });
  for (const li of list.querySelectorAll("li[aria-current]")) li.removeAttribute("aria-current");
  const li = document.getElementById(`snapshot-${id}`);
  if (li) li.setAttribute("aria-current", "true");
  viewContent.hidden = true;
  download.hidden = true;
  showLoading(viewState, "Loading the snapshot…");
  try {
    const snapshot = await api.get(`/v1/snapshots/${encodeURIComponent(id)}`);
    clear(viewMeta);
    viewMeta.append(h("code", {}, snapshot.path), ` · ${size(snapshot.size)} · ${snapshot.content_type} · sha256 ${snapshot.sha256.slice(0, 12)}…`);
    download.href = apiUrl(`/v1/snapshots/${encodeURIComponent(id)}/content`).toString();
    download.setAttribute("download", snapshot.path.split("/").pop() || "snapshot");
    download.hidden = false;
    if (!isText(snapshot)) {
      showEmpty(viewState, "Not shown: this is not text.", "Download it to open it.");
      return;
    }
    if (snapshot.size > MAX_VIEW_BYTES) {
      showEmpty(viewState, `Not shown: ${size(snapshot.size)} is too big to view here.`, "Download it to open it.");
      return;
    }
    const text = await api.text(`/v1/snapshots/${encodeURIComponent(id)}/content`);
    viewContent.textContent = text;
    viewContent.hidden = false;
    if (!text.length) showEmpty(viewState, "An empty file.");
    else done(viewState);
  } catch (err) {
    if (err.status === 404) showNotFound(viewState, "Snapshot");
    else showError(viewState, err, { retry: () => view(id) });
  }
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
    showLoading(state, "Loading snapshots…");
  }
  more.disabled = true;
  try {
    const params = { ...values, limit: 25 };
    if (!reset && cursor) params.cursor = cursor;
    const page = await api.get("/v1/snapshots", params);
    for (const snapshot of page.data) list.append(snapshotItem(snapshot));
    shown += page.data.length;
    cursor = page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
    count.textContent = shown ? `${shown} snapshot${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}` : "";
    if (!shown) showEmpty(state, "No snapshots match.", "Snapshots are written with POST /v1/snapshots.");
    else done(state);
  } catch (err) {
    more.hidden = true;
    showError(state, err, { retry: () => load(true) });
  }
  more.disabled = false;
  loading = false;
}

// A new snapshot (snapshot.created): those not shown yet go on top, read
// with the filters in force (the URL's, not what is being typed). The one
// being viewed stays open.
async function addNew() {
  if (loading) {
    window.setTimeout(addNew, 500);
    return;
  }
  const applied = readQuery(["file", "branch", "author"]);
  try {
    const page = await api.get("/v1/snapshots", { ...applied, limit: 25 });
    const fresh = page.data.filter((snapshot) => !document.getElementById(`snapshot-${snapshot.id}`));
    if (!fresh.length) return;
    for (const snapshot of [...fresh].reverse()) {
      const li = snapshotItem(snapshot);
      li.classList.add("fresh");
      list.prepend(li);
    }
    shown += fresh.length;
    count.textContent = `${shown} snapshot${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}`;
    done(state);
  } catch (err) {
    // The list stays as it was; the next event or a reload tries again.
  }
}

const ctx = await initPage();
if (ctx) {
  const initial = readQuery(FILTERS);
  for (const name of ["file", "branch", "author"]) form.elements[name].value = initial[name];
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    writeQuery(filters());
    load(true);
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      writeQuery({ file: "", branch: "", author: "" });
      load(true);
    });
  });
  more.addEventListener("click", () => load(false));
  await Promise.all([load(true), initial.snapshot ? view(initial.snapshot) : null]);
  document.body.dataset.loaded = "true";
  streamBadge();
  liveRefresh(["snapshot.created"], addNew);
}
