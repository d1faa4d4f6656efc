// Overview: intent velocity, Prove failure rate, open impacts — each one
// group_by call on the public API, drawn as a chart with a table beside it.

import { api } from "./api.js";
import { barChart, dayChart, fillDays } from "./charts.js";
import { liveRefresh, streamBadge } from "./stream.js";
import { initPage, showEmpty, showError, showLoading } from "./ui.js";

const SEVERITY_ORDER = ["critical", "warning", "info"];
const percent = (v) => `${Math.round(v * 1000) / 10}%`;

function setTile(id, value) {
  document.getElementById(id).textContent = value === null ? "–" : String(value);
}

// Runs one card: loading state, the call, then the chart, an empty state or the error.
// A live refresh is quiet: the old chart stays until the new numbers are in.
let quiet = false;
async function card(id, load, render, empty) {
  const box = document.getElementById(id);
  if (!quiet) showLoading(box);
  try {
    const result = await load();
    if (!result || (Array.isArray(result) && result.length === 0) || (result.data && result.data.length === 0)) {
      showEmpty(box, empty[0], empty[1]);
    } else {
      render(box, result);
    }
    return result;
  } catch (err) {
    showError(box, err, { retry: () => card(id, load, render, empty) });
    return null;
  }
}

async function load() {
  const byDay = card(
    "chart-days",
    () => api.get("/v1/intents", { since: "30d", group_by: "day" }),
    (box, res) =>
      dayChart(box, fillDays(res.data, 30), {
        caption: "Intents per day, last 30 days (days with intents)",
        valueLabel: "Intents",
      }),
    ["No intents in the last 30 days.", "Intents logged with POST /v1/intents show up here."],
  );

  const byAuthor = card(
    "chart-authors",
    () => api.get("/v1/intents", { since: "30d", group_by: "author" }),
    (box, res) =>
      barChart(box, res.data.map((r) => ({ key: r.author, value: r.count })), {
        caption: "Intents per author, last 30 days",
        keyLabel: "Author",
        valueLabel: "Intents",
      }),
    ["No intents in the last 30 days.", "Nobody on this team has logged an intent yet."],
  );

  const prove = card(
    "chart-prove",
    async () => {
      const [rates, counts] = await Promise.all([
        api.get("/v1/prove/history", { group_by: "branch", aggregate: "fail_rate" }),
        api.get("/v1/prove/history", { group_by: "branch" }),
      ]);
      const runs = new Map(counts.data.map((r) => [r.branch, r.count]));
      return rates.data.map((r) => ({ key: r.branch, value: r.fail_rate || 0, runs: runs.get(r.branch) || 0 }));
    },
    (box, rows) =>
      barChart(box, rows, {
        caption: "Prove failure rate per branch",
        keyLabel: "Branch",
        valueLabel: "Fail rate",
        format: percent,
        max: 1,
        colorFor: (r) => (r.value >= 0.5 ? "bad" : r.value > 0 ? "warn" : "good"),
        extra: { label: "Runs", format: (r) => String(r.runs) },
      }),
    ["No Prove runs yet.", "Runs from POST /v1/prove show up here."],
  );

  const severity = card(
    "chart-severity",
    () => api.get("/v1/impacts", { group_by: "severity" }),
    (box, res) => {
      const rows = res.data
        .map((r) => ({ key: r.severity, value: r.count }))
        .sort((a, b) => SEVERITY_ORDER.indexOf(a.key) - SEVERITY_ORDER.indexOf(b.key));
      barChart(box, rows, {
        caption: "Open impacts by severity",
        keyLabel: "Severity",
        valueLabel: "Open",
        colorFor: (r) => `sev-${r.key}`,
      });
    },
    ["No open impacts.", "Nothing on another branch affects yours right now."],
  );

  const branch = card(
    "chart-branch",
    () => api.get("/v1/impacts", { group_by: "your_branch" }),
    (box, res) =>
      barChart(box, res.data.map((r) => ({ key: r.your_branch, value: r.count })), {
        caption: "Open impacts by affected branch",
        keyLabel: "Branch",
        valueLabel: "Open",
        colorFor: () => "c1",
      }),
    ["No open impacts.", "Every branch is clear."],
  );

  const [authors, sev] = await Promise.all([byAuthor, severity, byDay, prove, branch]);
  if (authors) {
    setTile("tile-intents", authors.data.reduce((n, r) => n + r.count, 0));
    setTile("tile-authors", authors.data.filter((r) => r.count > 0).length);
  } else {
    setTile("tile-intents", null);
    setTile("tile-authors", null);
  }
  if (sev) {
    setTile("tile-impacts", sev.data.reduce((n, r) => n + r.count, 0));
    const critical = sev.data.find((r) => r.severity === "critical");
    setTile("tile-critical", critical ? critical.count : 0);
  } else {
    setTile("tile-impacts", null);
    setTile("tile-critical", null);
  }
  document.body.dataset.loaded = "true";
}

const ctx = await initPage();
if (ctx) {
  await load();
  document.getElementById("refresh").addEventListener("click", () => {
    document.body.dataset.loaded = "false";
    load();
  });
  // Intents, impacts and Prove runs change these numbers: draw them again
  // (at most once every two seconds, however many events arrive).
  streamBadge();
  liveRefresh(["intent.logged", "impact.detected", "impact.updated", "prove.passed", "prove.failed"], async () => {
    quiet = true;
    try {
      await load();
    } finally {
      quiet = false;
    }
  }, { wait: 2000 });
}
