// The one way the dashboard talks to the server: the public /v1/ API, with
// the session cookie, the CSRF header on writes, and `team=<slug>` on every
// call. A path that is not under /v1/ is refused here, so no page can grow a
// private endpoint.

const API_PREFIX = "/v1/";

function meta(name) {
  const el = document.querySelector(`meta[name="${name}"]`);
  return el ? el.content : "";
}

export const currentUser = meta("aura-user");

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : meta("csrf-token");
}

export class ApiError extends Error {
  constructor(status, error, headers) {
    super(error.message || `The server answered ${status}.`);
    this.status = status;
    this.code = error.code || "http_" + status;
    this.hint = error.hint || "";
    this.requestId = error.request_id || (headers && headers.get("X-Request-Id")) || "";
    this.retryAfter = headers ? headers.get("Retry-After") : null;
    this.detail = error;
  }
}

let team = null;

export function setTeam(slug) {
  team = slug;
}

export function getTeam() {
  return team;
}

export function apiUrl(path, params = {}) {
  if (typeof path !== "string" || !path.startsWith(API_PREFIX)) {
    throw new Error(`Refusing to call ${path}: the dashboard only uses the public ${API_PREFIX} API.`);
  }
  const url = new URL(path, window.location.origin);
  const all = { ...params };
  if (team && all.team === undefined) all.team = team;
  for (const [key, value] of Object.entries(all)) {
    if (value === undefined || value === null || value === "") continue;
    url.searchParams.set(key, String(value));
  }
  return url;
}

// The session ended (signed out elsewhere, expired): sign in again, then
// come back to this same page, filters and team included.
export function signIn() {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/accounts/login/?next=${encodeURIComponent(here)}`);
}

const MAX_RETRY_WAIT_S = 5;
const sleep = (ms) => new Promise((resolve) => window.setTimeout(resolve, ms));

// A read refused by the rate limit (429) is tried again after Retry-After,
// twice at most and only for short waits; writes are never repeated here.
async function request(method, path, options = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(method, path, options);
    } catch (err) {
      const wait = Number(err.retryAfter);
      const retry = method === "GET" && err.status === 429 && attempt < 2 && wait > 0 && wait <= MAX_RETRY_WAIT_S;
      if (!retry) throw err;
      // Say so while waiting: a refused read shows a retrying message, never an empty card.
      window.dispatchEvent(new CustomEvent("aura:retrying", { detail: { wait, path } }));
      await sleep(wait * 1000);
    }
  }
}

async function send(method, path, { params = {}, body } = {}) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin", cache: "no-store" };
  if (method !== "GET") {
    headers["X-CSRFToken"] = csrfToken();
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(apiUrl(path, params), init);
  } catch (err) {
    throw new ApiError(0, {
      code: "network_error",
      message: "Could not reach the server.",
      hint: "Check your connection, then try again.",
    });
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = null;
  }
  if (response.status === 401) signIn();
  if (!response.ok) {
    const error = (data && data.error) || { message: `The server answered ${response.status}.` };
    throw new ApiError(response.status, error, response.headers);
  }
  if (response.redirected && response.url.includes("/accounts/login/")) {
    throw new ApiError(401, { code: "unauthorized", message: "Your session has ended.", hint: "Sign in again." });
  }
  return data;
}

// A snapshot's bytes as text (for viewing; the page inserts it as text).
// Accept */* so the content endpoint answers its own media type.
async function sendText(path, params = {}) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { headers: { Accept: "*/*" }, credentials: "same-origin", cache: "no-store" });
  } catch (err) {
    throw new ApiError(0, { code: "network_error", message: "Could not reach the server.", hint: "Check your connection, then try again." });
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    throw new ApiError(response.status, (data && data.error) || {}, response.headers);
  }
  return response.text();
}

export const api = {
  text: (path, params) => sendText(path, params),
  get: (path, params) => request("GET", path, { params }),
  post: (path, body, params) => request("POST", path, { body, params }),
  patch: (path, body, params) => request("PATCH", path, { body, params }),
  delete: (path, params) => request("DELETE", path, { params }),
};

// Writes name their team in the body, as the contract asks of a caller with
// several teams.
export function withTeam(body) {
  return team ? { team, ...body } : body;
}

export function eventStream(path, params = {}) {
  return new EventSource(apiUrl(path, params));
}

// Why did a stream fail? EventSource cannot read an error body, so ask the
// same URL once with fetch: an error answer is parsed as usual, a stream that
// opens is closed again at once (and resolves to null).
export async function probeStream(path, params = {}) {
  const controller = new AbortController();
  try {
    const response = await fetch(apiUrl(path, params), {
      headers: { Accept: "text/event-stream" },
      credentials: "same-origin",
      cache: "no-store",
      signal: controller.signal,
    });
    if (response.ok) {
      controller.abort();
      return null;
    }
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    return new ApiError(response.status, (data && data.error) || {}, response.headers);
  } catch (err) {
    if (err.name === "AbortError") return null;
    return new ApiError(0, { code: "network_error", message: "Could not reach the server.", hint: "Check your connection; the stream reconnects by itself." });
  }
}
