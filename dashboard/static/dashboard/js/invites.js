// Invites (a team admin's page): GET /v1/admin/invites (cursors), POST to
// create one (the code shown once), POST {id}/revoke, asked first.

import { api, getTeam, withTeam } from "./api.js";
import { CursorList } from "./lists.js";
import { announce, clear, confirmInline, errorBox, formatTime, h, initPage, memberLabel, showEmpty } from "./ui.js";

const READ = ["read_intents", "read_impacts", "read_messages", "read_snapshots", "read_zones", "read_prove", "read_events", "read_knowledge"];
const WRITE = ["write_intents", "write_impacts", "write_messages", "write_snapshots", "write_zones", "run_prove", "write_knowledge"];
const SCOPES = [...READ, ...WRITE, "admin"];
const DEFAULT_SCOPES = new Set(READ);

const form = document.getElementById("invite-form");
const formError = document.getElementById("invite-error");
const scopeList = document.getElementById("invite-scope-list");
const list = document.getElementById("invite-list");
const state = document.getElementById("invites-state");
const more = document.getElementById("invites-more");
const activeOnly = document.getElementById("i-active");
const codeBox = document.getElementById("code-box");
const codeValue = document.getElementById("code-value");

function inviteItem(invite) {
  const li = h("li", { class: `row invite state-${invite.state}`, id: `invite-${invite.id}`, dataset: { id: invite.id, state: invite.state } });
  const actions = h("div", { class: "row-actions" });
  if (invite.state === "active") {
    const revoke = h("button", { type: "button", class: "button small secondary danger-text revoke", "aria-label": `Revoke ${invite.display}` }, "Revoke");
    revoke.addEventListener("click", () => revokeInvite(li, revoke, invite));
    actions.append(revoke);
  }
  li.append(
    h("div", { class: "row-title" }, h("code", {}, invite.display), " ", h("span", { class: `badge invite-${invite.state}` }, invite.state), " ", h("span", { class: "badge" }, invite.role)),
    h(
      "div",
      { class: "row-meta" },
      h("span", { class: "uses" }, `Used ${invite.uses} of ${invite.max_uses}`),
      h("span", {}, "Handle: ", invite.handle ? h("code", {}, invite.handle) : "anyone"),
      h("span", {}, "Scopes: ", (invite.scopes || []).map((s, i) => [i ? ", " : "", h("code", {}, s)])),
      h("span", {}, "Expires: ", h("time", { datetime: invite.expires_at }, formatTime(invite.expires_at))),
      invite.created_by ? h("span", {}, "By: ", memberLabel(invite.created_by)) : null,
    ),
    actions,
  );
  return li;
}

async function revokeInvite(li, button, invite) {
  if (!(await confirmInline(button, "Revoke? The code stops working now.", "Revoke"))) return;
  for (const old of li.querySelectorAll(".state.error")) old.remove();
  button.disabled = true;
  try {
    const fresh = await api.post(`/v1/admin/invites/${encodeURIComponent(invite.id)}/revoke`, {});
    if (activeOnly.checked) li.remove();
    else li.replaceWith(inviteItem(fresh));
    if (!list.children.length) showEmpty(state, "No active invites.", "Create one with the form.");
    announce("Invite revoked");
    document.getElementById("i-role").focus();
  } catch (err) {
    button.disabled = false;
    li.append(errorBox(err));
    button.focus();
  }
}

const invites = new CursorList({
  read: (params) => api.get("/v1/admin/invites", params),
  list, state, more,
  item: inviteItem,
  idPrefix: "invite-",
  params: () => (activeOnly.checked ? { state: "active" } : {}),
  loadingText: "Loading invites…",
  empty: (values) => [values.state ? "No active invites." : "No invites yet.", "Create one with the form."],
  markLoaded: true,
});

async function create(e) {
  e.preventDefault();
  clear(formError);
  formError.hidden = true;
  const f = form.elements;
  const body = {
    role: f.role.value,
    max_uses: Number(f.max_uses.value),
    expires_in: f.expires_in.value,
    scopes: [...scopeList.querySelectorAll("input:checked")].map((i) => i.value),
  };
  if (f.handle.value.trim()) body.handle = f.handle.value.trim();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const invite = await api.post("/v1/admin/invites", withTeam(body));
    // Only a success clears what was typed.
    f.handle.value = "";
    await invites.load(true);
    codeValue.value = invite.code;
    codeBox.hidden = false;
    codeValue.focus();
    codeValue.select();
    announce("Invite created");
  } catch (err) {
    formError.append(errorBox(err));
    formError.hidden = false;
  } finally {
    button.disabled = false;
  }
}

const ctx = await initPage();
if (ctx) {
  document.getElementById("i-team").textContent = getTeam();
  for (const scope of SCOPES) {
    const id = `iscope-${scope}`;
    scopeList.append(h("label", { class: "check", for: id }, h("input", { type: "checkbox", id, value: scope, checked: DEFAULT_SCOPES.has(scope) }), " ", scope));
  }
  form.addEventListener("submit", create);
  activeOnly.addEventListener("change", () => invites.load(true));
  more.addEventListener("click", () => invites.load(false));
  document.getElementById("code-copy").addEventListener("click", async () => {
    codeValue.select();
    try {
      await navigator.clipboard.writeText(codeValue.value);
      announce("Copied");
    } catch (err) {
      document.execCommand && document.execCommand("copy");
    }
  });
  document.getElementById("code-done").addEventListener("click", () => {
    codeValue.value = "";
    codeBox.hidden = true;
    document.getElementById("i-role").focus();
  });
  await invites.load(true);
}
