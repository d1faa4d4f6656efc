// Prove: the runs (GET /v1/prove/history, cursors) and the failure rate per
// week (group_by=week&aggregate=fail_rate), for one goal when one is chosen.

import { api } from "./api.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { barChart } from "./charts.js";
import { clear, done, h, initPage, memberLabel, readQuery, showEmpty, showError, showLoading, timeEl, writeQuery } from "./ui.js";

const FILTERS = ["goal", "branch", "result"];
const form = document.getElementById("prove-filters");
const list = document.getElementById("run-list");
const state = document.getElementById("run-state");
const count = document.getElementById("run-count");
const more = document.getElementById("run-more");
const weeks = document.getElementById("chart-weeks");
let cursor = null;
let shown = 0;

const pct = (v) => `${Math.round(v * 1000) / 10}%`;
const rateClass = (v) => (v === 0 ? "good" : v < 0.5 ? "warn" : "bad");

function filters() {
  const values = {};
  for (const name of FILTERS) values[name] = form.elements[name].value.trim();
  return values;
}

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

let loading = false;
async function load(reset) {
  loading = true;
  const values = filters();
  if (reset) {
    cursor = null;
    shown = 0;
    clear(list);
    count.textContent = "";
    showLoading(state, "Loading runs…");
  }
  more.disabled = true;
  try {
    const params = { ...values, limit: 25 };
    if (!reset && cursor) params.cursor = cursor;
    const page = await api.get("/v1/prove/history", params);
    for (const run of page.data) list.append(runItem(run));
    shown += page.data.length;
    cursor = page.has_more ? page.next_cursor : null;
    more.hidden = !cursor;
    count.textContent = shown ? `${shown} run${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}` : "";
    if (!shown) showEmpty(state, "No runs match.", "Prove runs appear here as they happen.");
    else done(state);
  } catch (err) {
    more.hidden = true;
    showError(state, err, { retry: () => load(true) });
  }
  more.disabled = false;
  loading = false;
}

// A new run (prove.passed / prove.failed): the runs not shown yet go on top
// (read with the filters in force: the URL's, not what is being typed), and
// the weekly trend is drawn again.
async function addNew() {
  if (loading) {
    window.setTimeout(addNew, 500);
    return;
  }
  const applied = readQuery(FILTERS);
  try {
    const page = await api.get("/v1/prove/history", { ...applied, limit: 25 });
    const fresh = page.data.filter((run) => !document.getElementById(`run-${run.id}`));
    if (!fresh.length) return;
    for (const run of [...fresh].reverse()) {
      const li = runItem(run);
      li.classList.add("fresh");
      list.prepend(li);
    }
    shown += fresh.length;
    count.textContent = `${shown} run${shown === 1 ? "" : "s"}${cursor ? " so far" : ""}`;
    done(state);
  } catch (err) {
    return; // the list stays as it was; the next event or a reload tries again
  }
  await loadWeeks(applied);
}

async function refresh() {
  document.body.dataset.loaded = "false";
  const values = filters();
  await Promise.all([load(true), loadWeeks(values)]);
  document.body.dataset.loaded = "true";
}

const ctx = await initPage();
if (ctx) {
  const initial = readQuery(FILTERS);
  for (const name of FILTERS) form.elements[name].value = initial[name];
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    writeQuery(filters());
    refresh();
  });
  form.addEventListener("reset", () => {
    window.setTimeout(() => {
      writeQuery(Object.fromEntries(FILTERS.map((n) => [n, ""])));
      refresh();
    });
  });
  more.addEventListener("click", () => load(false));
  loadGoals();
  await refresh();
  streamBadge();
  liveRefresh(["prove.passed", "prove.failed"], addNew, { wait: 1000 });
}
