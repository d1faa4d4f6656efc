// Knowledge: GET /v1/knowledge with q (full-text search: relevance, then
// votes), category, tag and repo, paginated with the API's cursors; the
// filters live in the page URL. POST to add an entry, POST {id}/upvote, and
// DELETE {id} for your own entries (asked first). An entry added elsewhere
// (knowledge.created on the tab's shared stream) goes on top of the plain
// list; a search or a filtered view is left as it is (its order is the
// search's).

import { api, currentUser, withTeam } from "./api.js";
import { onEvent, streamBadge } from "./stream.js";
import { bindFilters, CursorList } from "./lists.js";
import { announce, clear, confirmInline, errorBox, h, initPage, memberLabel, readQuery, showEmpty, teamHref, timeEl } from "./ui.js";

const FILTERS = ["q", "category", "tag", "repo"];
const filtersForm = document.getElementById("kb-filters");
const list = document.getElementById("kb-list");
const state = document.getElementById("kb-state");
const count = document.getElementById("kb-count");
const more = document.getElementById("kb-more");
const form = document.getElementById("kb-form");
const formError = document.getElementById("kb-error");

function votesLabel(n) {
  return `${n} vote${n === 1 ? "" : "s"}`;
}

function entryItem(entry) {
  const mine = entry.author && entry.author.name === currentUser;
  const li = h("li", { class: "row knowledge-entry", id: `entry-${entry.id}`, dataset: { id: entry.id } });
  const votes = h("span", { class: "votes", "aria-live": "polite" }, votesLabel(entry.votes));
  const upvote = h("button", { type: "button", class: "button small secondary upvote", "aria-label": `Upvote: ${entry.question.slice(0, 80)}` }, "Upvote");
  upvote.addEventListener("click", () => vote(li, upvote, votes, entry));
  const actions = h("div", { class: "row-actions" }, votes, upvote);
  if (mine) {
    const remove = h("button", { type: "button", class: "button small secondary danger-text delete", "aria-label": `Delete: ${entry.question.slice(0, 80)}` }, "Delete");
    remove.addEventListener("click", () => destroy(li, remove, entry));
    actions.append(remove);
  }
  const tags = (entry.tags || []).map((t) => h("a", { class: "badge tag", href: teamHref("/dashboard/knowledge/", { tag: t }) }, t));
  li.append(
    h("h2", { class: "row-title question" }, entry.question),
    h("p", { class: "answer" }, entry.answer),
    h(
      "div",
      { class: "row-meta" },
      entry.category ? h("a", { class: "badge category", href: teamHref("/dashboard/knowledge/", { category: entry.category }) }, entry.category) : null,
      tags,
      entry.repo ? h("code", { class: "repo" }, entry.repo) : null,
      h("span", { class: "author" }, memberLabel(entry.author), mine ? " (you)" : ""),
      entry.source === "agent" ? h("span", { class: "badge kind-agent" }, "agent") : null,
      timeEl(entry.created_at),
    ),
    actions,
  );
  return li;
}

function clearErrors(li) {
  for (const old of li.querySelectorAll(".state.error")) old.remove();
}

async function vote(li, button, votes, entry) {
  clearErrors(li);
  button.disabled = true;
  try {
    const fresh = await api.post(`/v1/knowledge/${encodeURIComponent(entry.id)}/upvote`, {});
    votes.textContent = votesLabel(fresh.votes);
    li.dataset.votes = String(fresh.votes);
    announce(`Upvoted: ${votesLabel(fresh.votes)}`);
  } catch (err) {
    li.append(errorBox(err));
  } finally {
    button.disabled = false;
  }
}

async function destroy(li, button, entry) {
  if (!(await confirmInline(button, "Delete this entry?", "Delete"))) return;
  clearErrors(li);
  button.disabled = true;
  try {
    await api.delete(`/v1/knowledge/${encodeURIComponent(entry.id)}`);
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    entries.shown = Math.max(0, entries.shown - 1);
    entries.setCount();
    announce("Entry deleted");
    const focusTarget = next ? next.querySelector("button") : document.getElementById("f-q");
    if (focusTarget) focusTarget.focus();
    if (!list.children.length) showEmpty(state, "No entries left here.", "Add one with the form above.");
  } catch (err) {
    button.disabled = false;
    li.append(errorBox(err));
    button.focus();
  }
}

const entries = new CursorList({
  read: (params) => api.get("/v1/knowledge", params),
  list, state, more, count,
  noun: ["entry", "entries"],
  item: entryItem,
  idPrefix: "entry-",
  params: () => filters(),
  loadingText: (values) => (values.q ? "Searching…" : "Loading entries…"),
  empty: (values) => (Object.values(values).some(Boolean)
    ? ["No entry matches.", "Try other words, or clear a filter."]
    : ["No entries yet.", "Add the first with the form above; agents add theirs with POST /v1/knowledge."]),
  markLoaded: true,
});
let filters;

async function add(e) {
  e.preventDefault();
  clear(formError);
  formError.hidden = true;
  const f = form.elements;
  const body = { question: f.question.value.trim(), answer: f.answer.value.trim() };
  if (!body.question) return f.question.focus();
  if (!body.answer) return f.answer.focus();
  const tags = f.tags.value.split(",").map((t) => t.trim()).filter(Boolean);
  if (tags.length) body.tags = tags;
  if (f.category.value.trim()) body.category = f.category.value.trim();
  if (f.repo.value.trim()) body.repo = f.repo.value.trim();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const entry = await api.post("/v1/knowledge", withTeam(body));
    // Only a success clears what was typed.
    form.reset();
    entries.prepend(entry);
    announce("Entry added");
  } catch (err) {
    formError.append(errorBox(err));
    formError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

const ctx = await initPage();
if (ctx) {
  filters = bindFilters(filtersForm, FILTERS, () => entries.load(true));
  form.addEventListener("submit", add);
  more.addEventListener("click", () => entries.load(false));
  await entries.load(true);
  streamBadge();
  onEvent(["knowledge.created"], (topic, entry) => {
    const filtered = Object.values(readQuery(FILTERS)).some(Boolean);
    if (filtered || !entry || !entry.id || document.getElementById(`entry-${entry.id}`)) return;
    entries.prepend(entry);
  });
}
