// Your own tokens: GET /v1/me/tokens (cursors), POST to create (the secret
// shown once), POST {id}/rotate and {id}/revoke, each confirmed first.

import { api, getTeam } from "./api.js";
import { CursorList } from "./lists.js";
import { announce, clear, confirmInline, errorBox, formatTime, h, initPage, timeEl } from "./ui.js";

// What each role may put on a token, written into the page by the server
// from its scope vocabulary (a data block, not a script).
const ROLE_SCOPES = JSON.parse(document.getElementById("role-scopes").textContent);
const DEFAULT_SCOPES = new Set(ROLE_SCOPES["read-only"]);

const form = document.getElementById("token-form");
const formError = document.getElementById("token-error");
const scopeList = document.getElementById("scope-list");
const list = document.getElementById("token-list");
const state = document.getElementById("tokens-state");
const more = document.getElementById("tokens-more");
const activeOnly = document.getElementById("t-active");
const secretBox = document.getElementById("secret");
const secretValue = document.getElementById("secret-value");

function showSecret(token, what) {
  secretValue.value = token.token;
  secretBox.hidden = false;
  secretBox.querySelector("strong").textContent = `${what}: copy this token now.`;
  secretValue.focus();
  secretValue.select();
}

function tokenItem(token) {
  const li = h("li", { class: `row token state-${token.state}`, id: `token-${token.id}`, dataset: { id: token.id, state: token.state } });
  const actions = h("div", { class: "row-actions" });
  if (token.state === "active") {
    const rotate = h("button", { type: "button", class: "button small secondary rotate", "aria-label": `Rotate ${token.name || token.display}` }, "Rotate");
    const revoke = h("button", { type: "button", class: "button small secondary danger-text revoke", "aria-label": `Revoke ${token.name || token.display}` }, "Revoke");
    rotate.addEventListener("click", () => act(li, rotate, "rotate", token));
    revoke.addEventListener("click", () => act(li, revoke, "revoke", token));
    actions.append(rotate, revoke);
  }
  li.append(
    h("div", { class: "row-title" }, h("strong", {}, token.name || "(no name)"), " ", h("code", { class: "muted" }, token.display), " ", h("span", { class: `badge token-${token.state}` }, token.state)),
    h(
      "div",
      { class: "row-meta" },
      h("span", {}, "Scopes: ", (token.scopes || []).map((s, i) => [i ? ", " : "", h("code", {}, s)])),
      h("span", {}, "Teams: ", (token.teams || []).join(", ")),
      h("span", {}, "Last used: ", token.last_used_at ? timeEl(token.last_used_at) : "never"),
      h("span", {}, "Expires: ", token.expires_at ? h("time", { datetime: token.expires_at }, formatTime(token.expires_at)) : "never"),
    ),
    actions,
  );
  return li;
}

async function act(li, button, action, token) {
  const question = action === "rotate" ? "Rotate? The old secret stops working now." : "Revoke? Anything using it stops working now.";
  if (!(await confirmInline(button, question, action === "rotate" ? "Rotate" : "Revoke"))) return;
  for (const old of li.querySelectorAll(".state.error")) old.remove();
  button.disabled = true;
  try {
    if (action === "rotate") {
      const fresh = await api.post(`/v1/me/tokens/${encodeURIComponent(token.id)}/rotate`, {});
      await tokens.load(true);
      showSecret(fresh, "Rotated");
      announce("Token rotated");
    } else {
      await api.post(`/v1/me/tokens/${encodeURIComponent(token.id)}/revoke`, {});
      await tokens.load(true);
      announce("Token revoked");
      document.getElementById("t-name").focus();
    }
  } catch (err) {
    button.disabled = false;
    li.append(errorBox(err));
    button.focus();
  }
}

const tokens = new CursorList({
  read: (params) => api.get("/v1/me/tokens", params),
  list, state, more,
  item: tokenItem,
  idPrefix: "token-",
  params: () => (activeOnly.checked ? { state: "active" } : {}),
  loadingText: "Loading your tokens…",
  empty: (values) => [values.state ? "No active tokens." : "No tokens yet.", "Create one with the form."],
  markLoaded: true,
});

async function create(e) {
  e.preventDefault();
  clear(formError);
  formError.hidden = true;
  const scopes = [...scopeList.querySelectorAll("input:checked")].map((i) => i.value);
  const body = { name: form.elements.name.value.trim(), scopes, expires_in: form.elements.expires_in.value, team: getTeam() };
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const token = await api.post("/v1/me/tokens", body);
    form.elements.name.value = "";
    await tokens.load(true);
    showSecret(token, "Created");
    announce("Token created");
  } catch (err) {
    // What was typed stays: only a success clears the form.
    formError.append(errorBox(err));
    formError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

const ctx = await initPage();
if (ctx) {
  document.getElementById("t-team").textContent = ctx.team.slug;
  // The scopes your role allows in this team (GET /v1/team/members?name=<you>).
  let role = "read-only";
  try {
    const me = await api.get("/v1/team/members", { name: document.querySelector('meta[name="aura-user"]').content });
    if (me.data && me.data[0]) role = me.data[0].role;
  } catch (err) {
    role = "read-only";
  }
  for (const scope of ROLE_SCOPES[role] || ROLE_SCOPES["read-only"]) {
    const id = `scope-${scope}`;
    scopeList.append(h("label", { class: "check", for: id }, h("input", { type: "checkbox", id, value: scope, checked: DEFAULT_SCOPES.has(scope) }), " ", scope));
  }
  form.addEventListener("submit", create);
  activeOnly.addEventListener("change", () => tokens.load(true));
  more.addEventListener("click", () => tokens.load(false));
  document.getElementById("secret-copy").addEventListener("click", async () => {
    secretValue.select();
    try {
      await navigator.clipboard.writeText(secretValue.value);
      announce("Copied");
    } catch (err) {
      document.execCommand && document.execCommand("copy");
    }
  });
  document.getElementById("secret-done").addEventListener("click", () => {
    secretValue.value = "";
    secretBox.hidden = true;
    document.getElementById("t-name").focus();
  });
  await tokens.load(true);
}
