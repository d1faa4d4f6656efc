// Snapshots: GET /v1/snapshots (file glob, branch, author; cursors), one
// snapshot's content viewed as text (inserted as text, never as HTML) when
// it is text and not too big, and a download link to its content URL.

import { api, apiUrl } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { bindFilters, CursorList } from "./lists.js";
import { clear, done, h, initPage, memberLabel, readQuery, showEmpty, showError, showLoading, showNotFound, timeEl, writeQuery } from "./ui.js";

// The form's filters; the URL's "snapshot" (the one being viewed) is not the form's.
const FILTERS = ["file", "branch", "author"];
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

const snapshots = new CursorList({
  read: (params) => api.get("/v1/snapshots", params),
  list, state, more, count,
  noun: ["snapshot", "snapshots"],
  item: snapshotItem,
  idPrefix: "snapshot-",
  params: () => filters(),
  loadingText: "Loading snapshots…",
  empty: () => ["No snapshots match.", "Snapshots are written with POST /v1/snapshots."],
});
let filters;

// A new snapshot (snapshot.created): those not shown yet go on top, read
// with the filters in force (the URL's, not what is being typed). The one
// being viewed stays open.
const addNew = () => snapshots.addNew(() => readQuery(FILTERS));

const ctx = await initPage();
if (ctx) {
  filters = bindFilters(form, FILTERS, () => snapshots.load(true));
  more.addEventListener("click", () => snapshots.load(false));
  const initial = readQuery(["snapshot"]);
  await Promise.all([snapshots.load(true), initial.snapshot ? view(initial.snapshot) : null]);
  document.body.dataset.loaded = "true";
  streamBadge();
  liveRefresh(["snapshot.created"], addNew);
}
