// Prove: the runs (GET /v1/prove/history, cursors) and the failure rate per
// week (group_by=week&aggregate=fail_rate), for one goal when one is chosen.

import { api } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { barChart } from "./charts.js";
import { bindFilters, CursorList } from "./lists.js";
import { clear, h, initPage, memberLabel, readQuery, showEmpty, showError, showLoading, timeEl } from "./ui.js";

const FILTERS = ["goal", "branch", "result"];
const form = document.getElementById("prove-filters");
const list = document.getElementById("run-list");
const state = document.getElementById("run-state");
const count = document.getElementById("run-count");
const more = document.getElementById("run-more");
const weeks = document.getElementById("chart-weeks");

const pct = (v) => `${Math.round(v * 1000) / 10}%`;
const rateClass = (v) => (v === 0 ? "good" : v < 0.5 ? "warn" : "bad");

function requirementRow(req) {
  const detail = req.satisfied ? "satisfied" : req.reason || "not satisfied";
  return h(
    "li",
    { class: req.satisfied ? "ok" : "missing" },
    h("code", {}, req.node),
    " — ",
    detail,
    req.missing_calls && req.missing_calls.length ? [" (missing calls: ", req.missing_calls.map((c, i) => [i ? ", " : "", h("code", {}, c)]), ")"] : null,
  );
}

function runItem(run) {
  const goalButton = h("button", { type: "button", class: "link-like", title: "Show this goal's failure rate per week" }, run.goal);
  goalButton.addEventListener("click", () => {
    form.elements.goal.value = run.goal;
    form.requestSubmit();
  });
  const details = h(
    "details",
    { class: "run-details" },
    h("summary", {}, `Requirements (${(run.requirements || []).length})`),
    h("ul", { class: "plain requirements" }, (run.requirements || []).map(requirementRow)),
  );
  return h(
    "li",
    { class: "row run", id: `run-${run.id}`, dataset: { id: run.id } },
    h("div", { class: "row-title" }, h("span", { class: `badge result-${run.result}` }, run.result), " ", goalButton),
    h(
      "div",
      { class: "row-meta" },
      h("span", {}, memberLabel(run.author)),
      run.branch ? h("code", {}, run.branch) : null,
      run.repo ? h("span", { class: "muted" }, run.repo) : null,
      run.duration_ms !== undefined && run.duration_ms !== null ? h("span", { class: "muted" }, `${run.duration_ms} ms`) : null,
      timeEl(run.created_at),
    ),
    details,
  );
}

async function loadWeeks(values) {
  showLoading(weeks, "Loading the trend…");
  document.getElementById("trend-sub").firstChild.textContent = values.goal
    ? `Goal “${values.goal}”: failed or partial runs over all runs, per week. `
    : "All goals: failed or partial runs over all runs, per week. ";
  try {
    const params = { group_by: "week", aggregate: "fail_rate", since: "90d" };
    for (const name of FILTERS) if (values[name] && name !== "result") params[name] = values[name];
    const res = await api.get("/v1/prove/history", params);
    const rows = res.data
      .filter((r) => r.fail_rate !== null && r.fail_rate !== undefined)
      .map((r) => ({ key: String(r.week).slice(0, 10), value: r.fail_rate }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    if (!rows.length) {
      showEmpty(weeks, "No runs in the last 90 days.", "Run Prove with POST /v1/prove.");
      return;
    }
    barChart(weeks, rows, {
      caption: "Failure rate per week",
      keyLabel: "Week of",
      valueLabel: "Fail rate",
      format: pct,
      max: 1,
      colorFor: (r) => rateClass(r.value),
    });
  } catch (err) {
    showError(weeks, err, { retry: () => loadWeeks(values) });
  }
}

async function loadGoals() {
  try {
    const res = await api.get("/v1/prove/history", { group_by: "goal" });
    const options = document.getElementById("goal-options");
    clear(options);
    for (const r of res.data.slice(0, 100)) options.append(h("option", { value: r.goal }));
  } catch (err) {
    // The suggestions are a convenience; the list shows any error.
  }
}

const runs = new CursorList({
  read: (params) => api.get("/v1/prove/history", params),
  list, state, more, count,
  noun: ["run", "runs"],
  item: runItem,
  idPrefix: "run-",
  params: () => filters(),
  loadingText: "Loading runs…",
  empty: () => ["No runs match.", "Prove runs appear here as they happen."],
});
let filters;

// A new run (prove.passed / prove.failed): the runs not shown yet go on top
// (read with the filters in force: the URL's, not what is being typed), and
// the weekly trend is drawn again.
async function addNew() {
  let applied;
  const added = await runs.addNew(() => (applied = readQuery(FILTERS)));
  if (added) await loadWeeks(applied);
}

async function refresh() {
  document.body.dataset.loaded = "false";
  const values = filters();
  await Promise.all([runs.load(true), loadWeeks(values)]);
  document.body.dataset.loaded = "true";
}

const ctx = await initPage();
if (ctx) {
  filters = bindFilters(form, FILTERS, refresh);
  more.addEventListener("click", () => runs.load(false));
  loadGoals();
  await refresh();
  streamBadge();
  liveRefresh(["prove.passed", "prove.failed"], addNew, { wait: 1000 });
}
