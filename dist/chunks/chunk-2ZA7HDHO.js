import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/ledger/ledger.ts
function ledgerPayload(p) {
  return { release_ops: p };
}
var UNSETTLED = /* @__PURE__ */ new Set(["in_progress", "queued", "pending"]);
function payloadOf(d) {
  const p = d.payload.release_ops;
  return p !== null && typeof p === "object" && !Array.isArray(p) ? p : {};
}
var str = (v) => typeof v === "string" && v !== "" ? v : null;
async function readEntry(gh, d) {
  const statuses = await gh.listDeploymentStatuses(d.id, { maxPages: 1 });
  const p = payloadOf(d);
  const lastSuccess = statuses.find((s) => s.state === "success");
  return {
    deployment: d,
    environment: d.environment,
    sha: d.sha,
    tag: str(p.tag) ?? d.ref,
    actor: str(p.actor) ?? d.creator,
    runUrl: str(p.run_url),
    runId: str(p.run_id),
    kind: str(p.kind),
    statuses,
    state: statuses[0]?.state ?? null,
    liveSince: lastSuccess?.createdAt ?? null
  };
}
async function readEnvironment(gh, environment, opts = {}) {
  const list = (opts.deployments ?? await gh.listDeployments({ environment, maxPages: 1 })).filter((d) => d.environment === environment).sort((a, b) => b.id - a.id);
  const view = { environment, live: null, unsettled: [], read: [] };
  for (const d of list.slice(0, opts.maxEntries ?? 30)) {
    const e = await readEntry(gh, d);
    view.read.push(e);
    if (e.state === "success") {
      view.live = e;
      break;
    }
    if (e.state && UNSETTLED.has(e.state)) view.unsettled.push(e);
  }
  return view;
}
async function lastLiveBuild(gh, environment, accept, opts = {}) {
  const list = (await gh.listDeployments({ environment, maxPages: 1 })).sort((a, b) => b.id - a.id);
  const seen = /* @__PURE__ */ new Set();
  for (const d of list.slice(0, opts.maxEntries ?? 30)) {
    if (seen.has(d.sha)) continue;
    const e = await readEntry(gh, d);
    if (e.liveSince === null) continue;
    seen.add(d.sha);
    if (await accept(e)) return e;
  }
  return null;
}
async function firstDeployedAt(gh, sha) {
  const list = (await gh.listDeployments({ sha })).filter((d) => d.sha === sha);
  const times = list.map((d) => d.createdAt).sort();
  return times[0] ?? null;
}
function isUnsettled(state) {
  return state !== null && UNSETTLED.has(state);
}
var DEFAULT_STALE_AFTER_MS = 6 * 36e5;
async function sweepStale(gh, environment, o) {
  const view = o.view ?? await readEnvironment(gh, environment);
  const marked = [];
  for (const e of view.unsettled) {
    const since = Date.parse(e.statuses[0]?.createdAt ?? e.deployment.createdAt);
    const age = o.now - since;
    const why = o.runId && e.runId === o.runId ? `left ${e.state} by an earlier attempt of this run, which has ended` : age > o.staleAfterMs ? `left ${e.state} for ${Math.round(age / 6e4)} min by ${e.runUrl ?? "a run"} that is no longer running` : null;
    if (!why) continue;
    marked.push({ id: e.deployment.id, tag: e.tag, why });
    if (o.dryRun) continue;
    await gh.createDeploymentStatus(e.deployment.id, {
      state: "error",
      description: `stale: ${why}`.slice(0, 140),
      autoInactive: false
    });
  }
  return { marked };
}

export {
  ledgerPayload,
  readEnvironment,
  lastLiveBuild,
  firstDeployedAt,
  isUnsettled,
  DEFAULT_STALE_AFTER_MS,
  sweepStale
};
