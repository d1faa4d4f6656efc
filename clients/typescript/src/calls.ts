// Every operation of the Aura Mothership API, called through openapi-fetch
// with the types openapi-typescript generated from the served schema.
// `tsc --noEmit` proves the calls match the schema; running it (node) proves
// the server answers as declared. Environment: AURA_URL, AURA_TOKEN (an admin
// of a non-strict team), AURA_PEER_TOKEN (a member of the same team),
// AURA_STRICT_TOKEN (a member of a strict team), AURA_SLOW_TOKEN (a token
// limited to 1 request a second).
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

const base = process.env.AURA_URL!;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const aura = createClient<paths>({ baseUrl: base, headers: auth(process.env.AURA_TOKEN!) });
const peer = createClient<paths>({ baseUrl: base, headers: auth(process.env.AURA_PEER_TOKEN!) });
const strict = createClient<paths>({ baseUrl: base, headers: auth(process.env.AURA_STRICT_TOKEN!) });
const slow = createClient<paths>({ baseUrl: base, headers: auth(process.env.AURA_SLOW_TOKEN!) });
const stranger = createClient<paths>({ baseUrl: base, headers: auth("aura_nope_nope") });
const newcomer = createClient<paths>({ baseUrl: base });

const called = new Set<string>();
const failures: string[] = [];

type Answer = { data?: unknown; error?: unknown; response: Response };

function expect<T extends Answer>(operation: string, answer: T, status: number): T {
  called.add(operation);
  const got = answer.response.status;
  if (got !== status) {
    failures.push(`${operation}: expected ${status}, got ${got} ${JSON.stringify(answer.error ?? answer.data)}`);
  } else if (status >= 400) {
    const error = (answer.error as { error?: { code?: string; request_id?: string } }).error;
    if (!error?.code || !error.request_id) failures.push(`${operation}: ${status} without the error shape`);
  }
  if (!answer.response.headers.get("x-request-id")) failures.push(`${operation}: no X-Request-Id`);
  return answer;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === null) throw new Error(`missing ${what}`);
  return value;
}

async function main() {
  expect("GET /v1/status", await aura.GET("/v1/status"), 200);

  // intents
  const intent = need(expect("POST /v1/intents", await aura.POST("/v1/intents", {
    body: { summary: "Port the loader", repo: "acme/app", branch: "feat/ts",
            nodes: [{ name: "load", kind: "function", path: "src/load.py", change: "modified",
                      after: { signature: "def load()", calls: ["parse"] } }] },
  }), 201).data, "intent");
  expect("GET /v1/intents", await aura.GET("/v1/intents", { params: { query: { branch: "feat/ts", limit: 5 } } }), 200);
  expect("GET /v1/intents/{id}", await aura.GET("/v1/intents/{id}", { params: { path: { id: intent.id } } }), 200);
  expect("GET /v1/intents/{id}/nodes",
    await aura.GET("/v1/intents/{id}/nodes", { params: { path: { id: intent.id } } }), 200);
  expect("POST /v1/intents:batch", await aura.POST("/v1/intents:batch", {
    body: { intents: [{ summary: "batched" }] },
  }), 200);

  // impacts
  const impact = need(expect("POST /v1/impacts", await aura.POST("/v1/impacts", {
    body: { repo: "acme/app", your_branch: "main", other_branch: "feat/ts", function: "parse",
            change: "modified", severity: "warning" },
  }), 201).data, "impact");
  expect("GET /v1/impacts", await aura.GET("/v1/impacts"), 200);
  expect("GET /v1/impacts/{id}", await aura.GET("/v1/impacts/{id}", { params: { path: { id: impact.id } } }), 200);
  expect("PATCH /v1/impacts/{id}", await aura.PATCH("/v1/impacts/{id}", {
    params: { path: { id: impact.id } }, body: { status: "snoozed" },
  }), 200);
  expect("POST /v1/impacts:batch", await aura.POST("/v1/impacts:batch", {
    body: { impacts: [{ id: impact.id, status: "resolved" }] },
  }), 200);

  // messages
  const message = need(expect("POST /v1/messages",
    await aura.POST("/v1/messages", { body: { body: "hello" } }), 201).data, "message");
  expect("GET /v1/messages", await peer.GET("/v1/messages"), 200);
  expect("GET /v1/messages/{id}", await peer.GET("/v1/messages/{id}", { params: { path: { id: message.id } } }), 200);
  expect("PATCH /v1/messages/{id}", await peer.PATCH("/v1/messages/{id}", {
    params: { path: { id: message.id } }, body: { read: true },
  }), 200);

  // snapshots
  const snapshot = need(expect("POST /v1/snapshots", await aura.POST("/v1/snapshots", {
    body: { path: "src/app.py", content: "print(1)\n" },
  }), 201).data, "snapshot");
  expect("GET /v1/snapshots", await aura.GET("/v1/snapshots"), 200);
  expect("GET /v1/snapshots/{id}",
    await aura.GET("/v1/snapshots/{id}", { params: { path: { id: snapshot.id } } }), 200);
  const content = expect("GET /v1/snapshots/{id}/content", await aura.GET("/v1/snapshots/{id}/content", {
    params: { path: { id: snapshot.id } }, parseAs: "text",
  }), 200);
  if (content.data !== "print(1)\n") failures.push(`snapshot content: ${JSON.stringify(content.data)}`);
  expect("POST /v1/snapshots:batch", await aura.POST("/v1/snapshots:batch", {
    body: { snapshots: [{ path: "b.txt", content: "b" }] },
  }), 200);

  // zones
  const zone = need(expect("POST /v1/zones", await aura.POST("/v1/zones", {
    body: { paths: ["src/auth/**"], mode: "block" },
  }), 201).data, "zone");
  expect("GET /v1/zones", await aura.GET("/v1/zones"), 200);
  expect("GET /v1/zones/{id}", await aura.GET("/v1/zones/{id}", { params: { path: { id: zone.id } } }), 200);
  expect("GET /v1/zones/check", await peer.GET("/v1/zones/check", { params: { query: { path: "src/auth/a.py" } } }), 200);
  expect("POST /v1/zones (409)", await peer.POST("/v1/zones", { body: { paths: ["src/auth/a.py"] } }), 409);
  expect("DELETE /v1/zones/{id}", await aura.DELETE("/v1/zones/{id}", { params: { path: { id: zone.id } } }), 204);

  // prove
  const run = need(expect("POST /v1/prove", await aura.POST("/v1/prove", {
    body: { goal: "load calls parse", repo: "acme/app", branch: "feat/ts", requirements: [{ node: "load" }] },
  }), 201).data, "run");
  expect("GET /v1/prove/history", await aura.GET("/v1/prove/history"), 200);
  expect("GET /v1/prove/history/{id}",
    await aura.GET("/v1/prove/history/{id}", { params: { path: { id: run.id } } }), 200);

  // events and the team
  expect("GET /v1/events", await aura.GET("/v1/events", { params: { query: { limit: 10 } } }), 200);
  const members = need(expect("GET /v1/team/members", await aura.GET("/v1/team/members"), 200).data, "members");
  if (!("next_cursor" in members)) throw new Error("a list without group_by answered groups");
  expect("GET /v1/team/members/{id}",
    await aura.GET("/v1/team/members/{id}", { params: { path: { id: members.data[0].id } } }), 200);
  const sync = need(expect("GET /v1/team/sync", await aura.GET("/v1/team/sync"), 200).data, "sync");
  expect("POST /v1/team/sync", await aura.POST("/v1/team/sync", { body: { cursor: sync.latest } }), 200);

  // admin: members, tokens, webhooks
  const member = need(expect("POST /v1/admin/members",
    await aura.POST("/v1/admin/members", { body: { name: "cleo", role: "read-only" } }), 201).data, "member");
  expect("GET /v1/admin/members", await aura.GET("/v1/admin/members"), 200);
  expect("GET /v1/admin/members/{id}",
    await aura.GET("/v1/admin/members/{id}", { params: { path: { id: member.id } } }), 200);
  expect("PATCH /v1/admin/members/{id}", await aura.PATCH("/v1/admin/members/{id}", {
    params: { path: { id: member.id } }, body: { role: "member" },
  }), 200);
  const token = need(expect("POST /v1/admin/tokens", await aura.POST("/v1/admin/tokens", {
    body: { member: "cleo", scopes: ["read_intents"], name: "ts", expires_in: "30d" },
  }), 201).data, "token");
  if (!token.token?.startsWith("aura_")) failures.push("a new token's secret is missing");
  expect("GET /v1/admin/tokens", await aura.GET("/v1/admin/tokens"), 200);
  expect("GET /v1/admin/tokens/{id}", await aura.GET("/v1/admin/tokens/{id}", { params: { path: { id: token.id } } }), 200);
  const rotated = need(expect("POST /v1/admin/tokens/{id}/rotate", await aura.POST("/v1/admin/tokens/{id}/rotate", {
    params: { path: { id: token.id } }, body: {},
  }), 201).data, "rotated");
  expect("POST /v1/admin/tokens/{id}/revoke", await aura.POST("/v1/admin/tokens/{id}/revoke", {
    params: { path: { id: rotated.id } },
  }), 200);
  expect("DELETE /v1/admin/members/{id}",
    await aura.DELETE("/v1/admin/members/{id}", { params: { path: { id: member.id } } }), 204);
  const hook = need(expect("POST /v1/admin/webhooks", await aura.POST("/v1/admin/webhooks", {
    body: { url: "https://hooks.example.com/aura", topics: ["intent.logged"] },
  }), 201).data, "webhook");
  if (!hook.secret) failures.push("a new webhook's secret is missing");
  expect("GET /v1/admin/webhooks", await aura.GET("/v1/admin/webhooks"), 200);
  expect("GET /v1/admin/webhooks/{id}",
    await aura.GET("/v1/admin/webhooks/{id}", { params: { path: { id: hook.id } } }), 200);
  expect("PATCH /v1/admin/webhooks/{id}", await aura.PATCH("/v1/admin/webhooks/{id}", {
    params: { path: { id: hook.id } }, body: { active: false },
  }), 200);
  expect("GET /v1/admin/webhooks/{id}/deliveries",
    await aura.GET("/v1/admin/webhooks/{id}/deliveries", { params: { path: { id: hook.id } } }), 200);
  expect("POST /v1/admin/webhooks/{id}/test",
    await aura.POST("/v1/admin/webhooks/{id}/test", { params: { path: { id: hook.id } } }), 200);
  expect("DELETE /v1/admin/webhooks/{id}",
    await aura.DELETE("/v1/admin/webhooks/{id}", { params: { path: { id: hook.id } } }), 204);

  // /v1/me/tokens answers a signed-in browser session only: a token is refused, as declared
  expect("GET /v1/me/tokens", await aura.GET("/v1/me/tokens"), 403);
  expect("POST /v1/me/tokens", await aura.POST("/v1/me/tokens", {
    body: { scopes: ["read_intents"], expires_in: "30d" },
  }), 403);
  expect("GET /v1/me/tokens/{id}", await aura.GET("/v1/me/tokens/{id}", { params: { path: { id: token.id } } }), 403);
  expect("POST /v1/me/tokens/{id}/rotate", await aura.POST("/v1/me/tokens/{id}/rotate", {
    params: { path: { id: token.id } }, body: {},
  }), 403);
  expect("POST /v1/me/tokens/{id}/revoke",
    await aura.POST("/v1/me/tokens/{id}/revoke", { params: { path: { id: token.id } } }), 403);

  // knowledge
  const entry = need(expect("POST /v1/knowledge", await aura.POST("/v1/knowledge", {
    body: { question: "How do we retry?", answer: "With backoff.", tags: ["retry"] },
  }), 201).data, "entry");
  expect("GET /v1/knowledge", await aura.GET("/v1/knowledge", { params: { query: { q: "retry" } } }), 200);
  expect("GET /v1/knowledge/{id}", await aura.GET("/v1/knowledge/{id}", { params: { path: { id: entry.id } } }), 200);
  expect("PATCH /v1/knowledge/{id}", await aura.PATCH("/v1/knowledge/{id}", {
    params: { path: { id: entry.id } }, body: { answer: "With exponential backoff." },
  }), 200);
  expect("POST /v1/knowledge/{id}/upvote",
    await peer.POST("/v1/knowledge/{id}/upvote", { params: { path: { id: entry.id } } }), 200);
  expect("DELETE /v1/knowledge/{id}",
    await aura.DELETE("/v1/knowledge/{id}", { params: { path: { id: entry.id } } }), 204);

  // presence
  expect("POST /v1/presence", await aura.POST("/v1/presence", {
    body: { repo: "acme/app", branch: "feat/ts", editing: ["src/app.py"], client: "ts" },
  }), 200);
  expect("GET /v1/presence", await aura.GET("/v1/presence"), 200);

  // invites
  const invite = need(expect("POST /v1/admin/invites", await aura.POST("/v1/admin/invites", {
    body: { scopes: ["read_intents"], max_uses: 2 },
  }), 201).data, "invite");
  if (!invite.code?.startsWith("aurainv_")) failures.push("a new invite's code is missing");
  expect("GET /v1/admin/invites", await aura.GET("/v1/admin/invites"), 200);
  expect("GET /v1/admin/invites/{id}",
    await aura.GET("/v1/admin/invites/{id}", { params: { path: { id: invite.id } } }), 200);
  expect("POST /v1/invites/redeem", await newcomer.POST("/v1/invites/redeem", {
    body: { code: invite.code, name: `ts-newcomer-${Date.now()}` },
  }), 201);
  expect("POST /v1/admin/invites/{id}/revoke",
    await aura.POST("/v1/admin/invites/{id}/revoke", { params: { path: { id: invite.id } } }), 200);

  // errors, each in the declared shape
  expect("GET /v1/status (401)", await stranger.GET("/v1/status"), 401);
  expect("GET /v1/intents/{id} (404)", await aura.GET("/v1/intents/{id}", {
    params: { path: { id: "itn_00000000000000000000000000" } },
  }), 404);
  expect("POST /v1/intents (422)", await strict.POST("/v1/intents", { body: { summary: "no ticket" } }), 422);
  expect("GET /v1/status (first)", await slow.GET("/v1/status"), 200);
  const limited = expect("GET /v1/status (429)", await slow.GET("/v1/status"), 429);
  if (!limited.response.headers.get("retry-after")) failures.push("429 without Retry-After");

  // every operation of the schema was called
  const schema = await (await fetch(`${base}/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
  const methods = ["get", "post", "patch", "put", "delete"];
  const operations = Object.entries(schema.paths).flatMap(([path, item]) =>
    Object.keys(item).filter((m) => methods.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));
  const missed = operations.filter((op) => !called.has(op));
  if (missed.length) failures.push(`operations never called: ${missed.join(", ")}`);

  if (failures.length) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
  console.log(`${called.size} calls, ${operations.length} operations, all as declared`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
