import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  createHotfixBranch,
  planHotfix
} from "./chunk-EGVO5SMO.js";
import {
  Notifier,
  ROLLBACK_PLACEHOLDERS,
  analysisEvidence,
  checkWebhookUrl,
  describeLimits,
  describeMeasurement,
  describeSource,
  measureBaselines,
  needsPreRolloutBaseline,
  quote,
  renderArgv,
  renderTemplate,
  resolveAnalysis,
  resolveTemplates,
  runAnalysis,
  runProgram,
  sparkline,
  templateEnv,
  unknownPlaceholders,
  unknownTemplatePlaceholders
} from "./chunk-Q6WFOFHC.js";
import {
  SEVERITY_MATRIX,
  StepComments,
  describeMark,
  findRolledBackMark,
  hasBanner,
  incidentFor,
  incidentLabels,
  incidentTitle,
  listIncidents,
  tagsOfBuild,
  upsertIncident,
  withBanner
} from "./chunk-5BVIXY32.js";
import {
  DEFAULT_STALE_AFTER_MS,
  lastLiveBuild,
  ledgerPayload,
  sweepStale
} from "./chunk-2ZA7HDHO.js";
import {
  artifactsDir,
  checkTagName,
  resolveBuild,
  writeEvidence
} from "./chunk-XXRWEAZR.js";
import {
  compareVersions,
  findPreviousStable,
  findRc,
  formatVersion,
  gaVersion,
  isPrerelease,
  parseVersion
} from "./chunk-NP4THNLA.js";
import {
  redactingCalls
} from "./chunk-LJKKFAWI.js";
import {
  COMMON_INPUTS
} from "./chunk-IIQ5KUFB.js";
import {
  formatDuration
} from "./chunk-JMMVXS76.js";
import {
  CancelledError,
  ConfigError,
  ExternalError,
  errorMessage
} from "./chunk-3TUOJGC2.js";

// src/commands/rollback.ts
import path3 from "node:path";

// src/rollback/types.ts
var SEVERITIES = ["critical", "high", "medium", "low"];
var HYPERCARE_WINDOWS = ["0h", "1h", "4h", "8h", "24h"];
var FAILING_RESULTS = ["rollback-failed", "inconclusive", "refused"];

// src/rollback/report.ts
function specEvidence(a) {
  if (!a) return null;
  return {
    interval_ms: a.intervalMs,
    window_ms: a.windowMs,
    metrics: a.metrics.map((m) => ({
      name: m.name,
      provider: m.provider,
      conditions: m.conditions.map((c) => c.text),
      limits: m.limits
    }))
  };
}
function rollbackEvidence(s, r) {
  return {
    kind: "rollback",
    result: r.result,
    message: r.message,
    mode: r.mode,
    from_tag: r.fromTag ?? null,
    to_tag: r.toTag ?? null,
    target_kind: r.targetKind ?? null,
    reason: r.reason ?? null,
    severity: r.severity,
    hypercare_window: r.hypercareWindow ?? null,
    incident_url: r.incidentUrl ?? null,
    revert_pr_url: r.revertPrUrl ?? null,
    hotfix: r.hotfix ?? null,
    settings: {
      mode: s.mode,
      from: s.from ?? null,
      to: s.to ?? null,
      environment: s.environment,
      strategy: s.strategy,
      dry_run: s.dryRun,
      hotfix: s.hotfix,
      webhook: s.webhookUrl ? "set (masked)" : null,
      program: s.program ? { argv: s.program.argv, timeout_ms: s.program.timeoutMs } : null,
      lock_ttl_ms: s.lockTtlMs,
      incident_labels: s.incident.labels,
      watch: specEvidence(s.watch),
      verify: specEvidence(s.verify),
      run: s.run
    },
    steps: r.steps.map((st) => ({
      step: st.step,
      status: st.status,
      detail: st.detail,
      started_at: st.startedAt,
      duration_ms: st.durationMs
    })),
    plan: r.plan,
    watch: r.watch ? analysisEvidence(r.watch) : null,
    verify: r.verify ? analysisEvidence(r.verify) : null,
    timings: {
      started_at: r.timings.startedAt,
      triggered_at: r.timings.triggeredAt ?? null,
      health_restored_at: r.timings.healthRestoredAt ?? null,
      program_ms: r.timings.programMs ?? null,
      verify_ms: r.timings.verifyMs ?? null,
      total_ms: r.timings.totalMs
    }
  };
}
var STATUS = {
  done: "\u2705 done",
  already: "\u2705 already",
  skipped: "\u2796 skipped",
  failed: "\u274C failed",
  planned: "\u{1F4DD} planned"
};
function analysisBlocks(title, r) {
  if (!r) return [];
  const byMetric = /* @__PURE__ */ new Map();
  for (const m of r.measurements) byMetric.set(m.metric, [...byMetric.get(m.metric) ?? [], m]);
  const rows = [...byMetric.entries()].map(([metric, ms]) => {
    const key = ms[0]?.conditions[0]?.value;
    const values = key ? ms.map((m) => m.values[key]) : [];
    const last = ms[ms.length - 1];
    return [
      metric,
      ms.map((m) => ({ successful: "\u2713", failed: "\u2717", inconclusive: "?", error: "!" })[m.phase]).join(""),
      key ? `${key} ${sparkline(values)}` : "",
      describeMeasurement(last)
    ];
  });
  return [
    { kind: "heading", text: title, level: 3 },
    { kind: "text", text: `${r.decision}: ${r.reason} (${r.ticks} measurements)` },
    ...rows.length ? [{ kind: "table", headers: ["metric", "measurements", "trend", "last"], rows }] : []
  ];
}
function rollbackReport(s, r, opts = {}) {
  const blocks = [];
  const facts = [];
  if (r.fromTag) facts.push(["rolled back", r.fromTag]);
  if (r.toTag) facts.push(["restored", `${r.toTag}${r.targetKind ? ` (${r.targetKind})` : ""}`]);
  if (r.reason) facts.push(["reason", r.reason]);
  facts.push([
    "severity",
    `${r.severity}: ${SEVERITY_MATRIX[r.severity].action}, respond ${SEVERITY_MATRIX[r.severity].response}`
  ]);
  facts.push(["mode", `${r.mode}${r.hypercareWindow ? ` (hypercare window ${r.hypercareWindow})` : ""}`]);
  facts.push(["environment", s.environment]);
  facts.push(["strategy", s.strategy]);
  if (r.incidentUrl) facts.push(["incident", r.incidentUrl]);
  if (r.revertPrUrl) facts.push(["revert pull request", r.revertPrUrl]);
  if (r.hotfix) facts.push(["hotfix branch", `${r.hotfix.branch} (version ${r.hotfix.version})`]);
  blocks.push({ kind: "table", headers: ["", ""], rows: facts });
  if (r.plan.length) {
    blocks.push({ kind: "heading", text: "Plan (dry run: nothing was changed)", level: 3 });
    blocks.push({
      kind: "code",
      text: r.plan.map((l) => l.startsWith("  ") ? l : `DRY-RUN ${l}`).join("\n")
    });
  }
  const steps = r.steps.filter((st) => st.status !== "planned");
  if (steps.length) {
    blocks.push({ kind: "heading", text: "Steps", level: 3 });
    blocks.push({
      kind: "table",
      headers: ["step", "status", "time (UTC)", "detail"],
      rows: steps.map((st) => [
        st.step,
        STATUS[st.status] ?? st.status,
        st.startedAt.slice(11, 19),
        st.detail
      ])
    });
  }
  blocks.push(...analysisBlocks("Watch", r.watch), ...analysisBlocks("Verification", r.verify));
  if (opts.evidencePath) blocks.push({ kind: "text", text: `Evidence: \`${opts.evidencePath}\`` });
  blocks.push({ kind: "text", text: r.message });
  blocks.push({
    kind: "result",
    label: "Result",
    value: r.result,
    ok: FAILING_RESULTS.includes(r.result) ? false : r.result === "dry-run" ? null : true
  });
  const title = r.fromTag && r.toTag ? `auto-rollback: ${r.fromTag} \u2192 ${r.toTag}` : `auto-rollback${r.fromTag ? `: ${r.fromTag}` : ""}`;
  return { title, blocks };
}

// src/rollback/deployments.ts
async function deploymentsOf(gh, tag, environment) {
  const sha = await gh.resolveTagCommit(tag);
  const bySha = sha ? await gh.listDeployments({ sha, environment }) : [];
  const list = bySha.length ? bySha : await gh.listDeployments({ ref: tag, environment });
  return [...list].sort((a, b) => b.id - a.id);
}
function badDeploymentState(s) {
  return s.mode === "watch" || s.run.eventName && s.run.eventName !== "workflow_dispatch" ? "failure" : "inactive";
}
function targetDescription(fromTag, toTag) {
  return `release-ops rollback of ${fromTag} to ${toTag}`;
}
async function markBadDeployment(gh, opts) {
  const latest = (await deploymentsOf(gh, opts.fromTag, opts.environment))[0] ?? null;
  if (!latest) return { deployment: null };
  await gh.createDeploymentStatus(latest.id, {
    state: opts.state,
    description: `rolled back to ${opts.toTag} by release-ops`,
    ...opts.logUrl ? { logUrl: opts.logUrl } : {},
    autoInactive: false
  });
  return { deployment: latest };
}
async function ensureTargetDeployment(gh, opts) {
  const description = targetDescription(opts.fromTag, opts.toTag);
  const list = await deploymentsOf(gh, opts.toTag, opts.environment);
  const existing = list.find((d) => d.description === description);
  if (existing) return { deployment: existing, created: false };
  const sha = await gh.resolveTagCommit(opts.toTag);
  const deployment = await gh.createDeployment({
    ref: sha ?? opts.toTag,
    environment: opts.environment,
    description,
    payload: {
      ...ledgerPayload({
        kind: "rollback",
        tag: opts.toTag,
        run_url: opts.run?.url ?? null,
        run_id: opts.run?.id ?? null,
        actor: opts.run?.actor ?? null,
        replaces: opts.fromTag
      }),
      rollback_of: opts.fromTag
    },
    productionEnvironment: /^prod/i.test(opts.environment),
    transientEnvironment: false,
    // Restoring the last good release must not wait for (or be refused by) the commit's statuses.
    requiredContexts: []
  });
  return { deployment, created: true };
}
async function setTargetStatus(gh, deploymentId, state, description, logUrl) {
  await gh.createDeploymentStatus(deploymentId, {
    state,
    // GitHub's 140-character cap is applied by the port, after redaction
    description,
    ...logUrl ? { logUrl } : {}
  });
}

// src/rollback/journal.ts
var Journal = class {
  constructor(clock, logger) {
    this.clock = clock;
    this.logger = logger;
  }
  clock;
  logger;
  steps = [];
  /** Called after each recorded step (the incident comment); its failures are the caller's. */
  onRecord;
  /** Runs one step and records it; a thrown error is recorded as `failed` and rethrown. */
  async step(name, fn) {
    const started = this.clock.now();
    let outcome;
    try {
      outcome = await fn();
    } catch (err) {
      await this.record(name, { status: "failed", detail: errorMessage(err) }, started, false);
      throw err;
    }
    await this.record(name, outcome, started, true);
    return outcome;
  }
  /** Records a step decided without work (a plan line, a skip). */
  async note(name, outcome, notify = true) {
    await this.record(name, outcome, this.clock.now(), notify);
  }
  async record(name, o, started, notify) {
    const rec = {
      step: name,
      status: o.status,
      detail: o.detail,
      startedAt: new Date(started).toISOString(),
      durationMs: Math.max(0, this.clock.now() - started)
    };
    this.steps.push(rec);
    const line = `${name}: ${o.status} \u2014 ${o.detail}`;
    if (o.status === "failed") this.logger.error(line);
    else this.logger.info(line);
    if (notify && this.onRecord && o.status !== "planned") await this.onRecord(rec);
  }
};

// src/rollback/lock.ts
import { randomBytes } from "node:crypto";
function lockPrefix(fromTag) {
  return `release-ops/rollback/${fromTag}/`;
}
function runKeyFor(runId) {
  if (runId && /^\d+$/.test(runId)) return `run${runId}`;
  return `cli${randomBytes(6).toString("hex")}`;
}
var OWNER = /^owner-(\d+)-([A-Za-z0-9]+)-[0-9a-f]+$/;
var LOCK = /^lock-(\d+)$/;
function childName(ref, prefix) {
  const full = `refs/${prefix}`;
  if (!ref.startsWith(full)) return null;
  const rest = ref.slice(full.length);
  return rest.includes("/") ? null : rest;
}
function isConflict(err) {
  return err instanceof ExternalError && err.status === 422;
}
async function acquireLock(gh, deps, opts) {
  const prefix = lockPrefix(opts.fromTag);
  const startedAt = deps.clock.now();
  const objectSha = await gh.createTagObject({
    tag: `release-ops-rollback-${opts.runKey}`,
    message: `release-ops rollback lock for ${opts.fromTag}, held by ${opts.runKey} since ${new Date(startedAt).toISOString()}`,
    objectSha: opts.commitSha
  });
  const me = {
    ref: `refs/${prefix}owner-${startedAt}-${opts.runKey}-${randomBytes(3).toString("hex")}`,
    sha: objectSha,
    startedAt,
    runKey: opts.runKey
  };
  try {
    await gh.createRef(me.ref, me.sha);
  } catch (err) {
    if (!isConflict(err) || (await gh.getRef(me.ref.replace(/^refs\//, "")))?.sha !== me.sha) throw err;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
    const top = locks[locks.length - 1];
    let generation = 1;
    let tookOver;
    if (top) {
      const holder = owners.find((o) => o.sha === top.ref.sha) ?? null;
      if (holder?.ref === me.ref) return held(gh, deps, prefix, me, top.generation, opts.ttlMs);
      const age = holder ? deps.clock.now() - holder.startedAt : Infinity;
      if (holder && holder.runKey === opts.runKey)
        tookOver = `taking over the lock of an earlier attempt of this run (${holder.runKey})`;
      else if (!holder) tookOver = `taking over ${top.ref.ref}, whose owner is gone`;
      else if (age > opts.ttlMs)
        tookOver = `taking over the lock of ${holder.runKey}, held for ${Math.round(age / 1e3)} s (more than the lock TTL)`;
      else {
        await deleteQuietly(gh, deps.logger, me.ref);
        return {
          acquired: false,
          holder,
          message: `another run is handling this rollback of ${opts.fromTag} (${holder.runKey}, since ${new Date(holder.startedAt).toISOString()}; lock ${top.ref.ref})`
        };
      }
      generation = top.generation + 1;
    }
    try {
      await gh.createRef(`refs/${prefix}lock-${generation}`, me.sha);
    } catch (err) {
      if (isConflict(err)) continue;
      await deleteQuietly(gh, deps.logger, me.ref);
      throw err;
    }
    if (tookOver) deps.logger.warn(tookOver);
    return held(gh, deps, prefix, me, generation, opts.ttlMs, tookOver);
  }
  await deleteQuietly(gh, deps.logger, me.ref);
  return {
    acquired: false,
    holder: null,
    message: `the rollback lock of ${opts.fromTag} keeps changing hands; another run is handling this`
  };
}
function parse(refs, prefix) {
  const owners = [];
  const locks = [];
  for (const r of refs) {
    const name = childName(r.ref, prefix);
    if (!name) continue;
    const o = OWNER.exec(name);
    if (o) owners.push({ ref: r.ref, sha: r.sha, startedAt: Number(o[1]), runKey: o[2] });
    const l = LOCK.exec(name);
    if (l) locks.push({ generation: Number(l[1]), ref: r });
  }
  locks.sort((a, b) => a.generation - b.generation);
  return { owners, locks };
}
function held(gh, deps, prefix, me, generation, ttlMs, tookOver) {
  const { logger } = deps;
  return {
    acquired: true,
    lockRef: `refs/${prefix}lock-${generation}`,
    owner: me,
    generation,
    tookOver,
    async release() {
      const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
      const mine = locks.filter((l) => l.generation <= generation).reverse();
      for (const l of mine) await deleteQuietly(gh, logger, l.ref.ref);
      const released = new Set(mine.map((l) => l.ref.sha));
      const stillHeld = new Set(locks.filter((l) => l.generation > generation).map((l) => l.ref.sha));
      const now = deps.clock.now();
      for (const o of owners) {
        const orphan = !stillHeld.has(o.sha) && (o.runKey === me.runKey || now - o.startedAt > ttlMs);
        if (o.ref === me.ref || released.has(o.sha) || orphan) await deleteQuietly(gh, logger, o.ref);
      }
    }
  };
}
async function sweepLocks(gh, deps, opts) {
  const prefix = lockPrefix(opts.fromTag);
  const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
  const now = deps.clock.now();
  const stale = (o) => !o || o.runKey === opts.runKey || now - o.startedAt > opts.ttlMs;
  let deleted = 0;
  const live = /* @__PURE__ */ new Set();
  for (const l of locks) {
    const o = owners.find((x) => x.sha === l.ref.sha);
    if (stale(o)) {
      await deleteQuietly(gh, deps.logger, l.ref.ref);
      deleted++;
    } else {
      live.add(l.ref.sha);
    }
  }
  for (const o of owners) {
    if (!live.has(o.sha) && stale(o)) {
      await deleteQuietly(gh, deps.logger, o.ref);
      deleted++;
    }
  }
  return deleted;
}
async function deleteQuietly(gh, logger, ref) {
  try {
    await gh.deleteRef(ref.replace(/^refs\//, ""));
  } catch (err) {
    logger.warn(`could not delete ${ref}: ${errorMessage(err)}`);
  }
}

// src/rollback/revert.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import os from "node:os";
import path from "node:path";
var IDENTITY = [
  "-c",
  "user.name=github-actions[bot]",
  "-c",
  "user.email=41898282+github-actions[bot]@users.noreply.github.com"
];
function revertBranch(fromTag) {
  return `revert/${fromTag}`;
}
var Git = class {
  constructor(runner, signal) {
    this.runner = runner;
    this.signal = signal;
  }
  runner;
  signal;
  async run(cwd, args, opts = {}) {
    const lines = [];
    const r = await this.runner.run({
      argv: ["git", ...args],
      cwd,
      env: { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
      timeoutMs: 12e4,
      tailLines: 40,
      signal: this.signal,
      onLine: (l, s) => s === "stdout" ? lines.push(l) : void 0
    });
    if (!opts.allowFail && r.exitCode !== 0) {
      throw new ExternalError(
        `git ${args.filter((a) => !a.startsWith("user.")).join(" ")} failed: ${r.spawnError ?? r.tail.slice(-5).join(" / ")}`,
        {
          hint: "the revert needs the repository checked out with history (actions/checkout with fetch-depth: 0) and a token allowed to push (contents: write)"
        }
      );
    }
    return { ...r, out: lines.join("\n").trim() };
  }
};
async function openRevertPullRequest(gh, runner, o) {
  const git = new Git(runner, o.signal);
  const branch = revertBranch(o.fromTag);
  const base = await gh.getDefaultBranch();
  let commits = [];
  let already = false;
  if (await gh.getRef(`heads/${branch}`)) {
    already = true;
  } else {
    const top = (await git.run(o.dir, ["rev-parse", "--show-toplevel"])).out;
    const shallow = (await git.run(top, ["rev-parse", "--is-shallow-repository"])).out === "true";
    await git.run(top, [
      "fetch",
      "--no-tags",
      ...shallow ? ["--unshallow"] : [],
      o.remote,
      `+refs/heads/${base}:refs/remotes/${o.remote}/${base}`,
      `+refs/tags/${o.fromTag}:refs/tags/${o.fromTag}`,
      `+refs/tags/${o.toTag}:refs/tags/${o.toTag}`
    ]);
    commits = (await git.run(top, ["rev-list", "--no-merges", `refs/tags/${o.toTag}..refs/tags/${o.fromTag}`])).out.split("\n").filter(Boolean);
    if (commits.length === 0) {
      throw new ExternalError(`${o.fromTag} adds no commit over ${o.toTag}: there is nothing to revert`);
    }
    const worktree = path.join(os.tmpdir(), `release-ops-revert-${randomBytes2(4).toString("hex")}`);
    const localBranch = `release-ops/${branch}-${randomBytes2(3).toString("hex")}`;
    await git.run(top, ["worktree", "add", "-b", localBranch, worktree, `refs/remotes/${o.remote}/${base}`]);
    try {
      const rev = await git.run(worktree, [...IDENTITY, "revert", "--no-edit", "--no-commit", ...commits], {
        allowFail: true
      });
      if (rev.exitCode !== 0) {
        await git.run(worktree, ["revert", "--abort"], { allowFail: true });
        throw new ExternalError(
          `git revert of ${o.fromTag}'s commits on ${base} failed: ${rev.tail.slice(-4).join(" / ")}`,
          {
            hint: `the revert conflicts with later changes on ${base}: revert by hand, or use strategy redeploy`
          }
        );
      }
      const clean = await git.run(worktree, ["diff", "--cached", "--quiet"], { allowFail: true });
      if (clean.exitCode === 0)
        throw new ExternalError(
          `the changes of ${o.fromTag} are already reverted on ${base}: nothing to revert`
        );
      const message = [
        `Revert ${o.fromTag} (rolled back to ${o.toTag})`,
        "",
        `Reason: ${o.reason}`,
        "",
        "Reverts:",
        ...commits.map((c) => `- ${c}`)
      ].join("\n");
      await git.run(worktree, [...IDENTITY, "commit", "--no-verify", "-m", message]);
      await git.run(worktree, ["push", o.remote, `HEAD:refs/heads/${branch}`]);
    } finally {
      await git.run(top, ["worktree", "remove", "--force", worktree], { allowFail: true });
      await git.run(top, ["branch", "-D", localBranch], { allowFail: true });
    }
  }
  const body = [
    `Reverts the commits ${o.fromTag} added over ${o.toTag}, because ${o.fromTag} was rolled back.`,
    "",
    `**Reason:** ${o.reason}`,
    o.incidentUrl ? `**Incident:** ${o.incidentUrl}` : "",
    commits.length ? `
Reverted commits:
${commits.map((c) => `- ${c}`).join("\n")}` : "",
    "",
    "_Opened by release-ops auto-rollback (strategy revert-commit)._"
  ].filter((l) => l !== "").join("\n");
  try {
    const pr = await gh.createPullRequest({
      title: `Revert ${o.fromTag} (rolled back to ${o.toTag})`,
      head: branch,
      base,
      body
    });
    return {
      branch,
      base,
      commits,
      pullRequestUrl: pr.htmlUrl,
      already,
      detail: `pull request ${pr.htmlUrl} reverts ${commits.length ? `${commits.length} commit(s)` : `branch ${branch}`} on ${base}`
    };
  } catch (err) {
    if (err instanceof ExternalError && err.status === 422 && already) {
      return {
        branch,
        base,
        commits,
        already: true,
        detail: `a pull request from ${branch} into ${base} is already open`
      };
    }
    throw err;
  }
}

// src/rollback/watch.ts
var HEALTH_CONDITION = "error_rate_pct == 0";
function watchAnalysisConfig(watch) {
  const probes = [];
  for (const [name, url] of [
    ["health", watch.health_url],
    ["ready", watch.ready_url]
  ]) {
    if (!url) continue;
    probes.push({
      name,
      provider: "http",
      url,
      method: "GET",
      expect_status: [200],
      samples: 1,
      concurrency: 1,
      timeout: Math.min(5e3, watch.interval),
      conditions: [HEALTH_CONDITION],
      consecutive_failures: watch.consecutive_failures
    });
  }
  const metrics = [...probes, ...watch.metrics ?? []];
  if (metrics.length === 0) return null;
  return { interval: watch.interval, window: watch.window, metrics };
}
function defaultVerifyConfig(watch) {
  if (!watch) return null;
  return { ...watch, window: Math.min(watch.window, 3 * watch.interval) };
}
async function analyse(deps, spec, label) {
  const baselines = spec.metrics.some(needsPreRolloutBaseline) ? await measureBaselines(spec.metrics, deps) : void 0;
  return runAnalysis(
    spec,
    { clock: deps.clock, http: deps.http, signal: deps.signal, logger: deps.logger },
    { label, baselines }
  );
}
function describeAnalysis(spec) {
  return spec.metrics.map(
    (m) => `${m.name} (${describeSource(m)}): ${m.conditions.map((c) => c.text).join(" and ")}; ${describeLimits(m.limits)}`
  );
}
function hypercareWindowFor(ageMs) {
  const hours = ageMs / 36e5;
  if (hours > 48) return "after hypercare";
  const windows = [24, 8, 4, 1, 0];
  return `${windows.find((w) => hours >= w) ?? 0}h`;
}

// src/rollback/plan.ts
function buildPlan(p) {
  const { s, fromTag, toTag } = p;
  const out = [];
  if (s.mode === "watch" && s.watch) {
    out.push(
      `WATCH ${fromTag} every ${formatDuration(s.watch.intervalMs)} for ${formatDuration(s.watch.windowMs)}; roll back when a limit is exceeded:`
    );
    for (const l of describeAnalysis(s.watch)) out.push(`  - ${l}`);
  }
  const vars = { to_tag: toTag, from_tag: fromTag };
  if (p.github) {
    out.push(`LOCK create refs/${lockPrefix(fromTag)}lock-1 (idempotency key; a second run at once stops)`);
    const labels = incidentLabels(s.incident.labels, s.severity).join(", ");
    out.push(
      p.incident ? `INCIDENT update issue #${p.incident.issue.number} (labels ${labels}): mitigation "in progress", one comment per step` : `INCIDENT open an issue "Rollback of ${fromTag} to ${toTag} (severity ${s.severity})" labelled ${labels}, with UTC time, reason, impact, mitigation state; one comment per step`
    );
  }
  const text = renderTemplate(resolveTemplates({ abort: s.abortTemplate }).abort, {
    service: s.service,
    tag: fromTag,
    previous_tag: toTag,
    environment: s.environment,
    reason: p.reason,
    mitigation: `Rollback in progress to ${toTag}`,
    next_update: "10 min",
    owner: s.run.actor,
    run_url: s.run.url
  });
  if (s.webhookUrl) out.push(`NOTIFY POST template D to the webhook (URL masked): "${text}"`);
  if (p.github) {
    const f = p.fromRelease;
    const demote = !f || !f.prerelease ? "prerelease: true, make_latest: false" : "";
    const banner = !f || !hasBanner(f.body) ? "rollback banner (UTC time, reason) at the top of the notes" : "";
    if (demote || banner)
      out.push(
        `RELEASE update ${fromTag}${f ? ` (id ${f.id})` : ""}: ${[demote, banner].filter(Boolean).join("; ")} \u2014 tag and release kept`
      );
    else out.push(`RELEASE ${fromTag} is already demoted with a banner: no write`);
    if (p.toRelease?.prerelease)
      out.push(`RELEASE ${toTag} is a prerelease: restored as the operative reference, not made latest`);
    else if (p.latest && p.toRelease && p.latest.id === p.toRelease.id)
      out.push(`RELEASE ${toTag} is already latest: no write`);
    else
      out.push(`RELEASE update ${toTag}${p.toRelease ? ` (id ${p.toRelease.id})` : ""}: make_latest: true`);
    const badState = badDeploymentState(s);
    out.push(`DEPLOYMENT mark the latest deployment of ${fromTag} in ${s.environment} ${badState}`);
  }
  if (s.strategy !== "redeploy") {
    out.push(
      `GIT in ${s.revert.directory}: fetch ${s.revert.remote}; revert the commits of ${toTag}..${fromTag} (no merges) on the default branch in a temporary worktree; push ${revertBranch(fromTag)}`
    );
    out.push(
      `PULL REQUEST open "Revert ${fromTag} (rolled back to ${toTag})" from ${revertBranch(fromTag)} into the default branch`
    );
  }
  if (s.strategy !== "revert-commit") {
    if (p.github) out.push(`DEPLOYMENT create a deployment of ${toTag} in ${s.environment} (in_progress)`);
    if (s.program) {
      let argv;
      try {
        argv = renderArgv(s.program.argv, vars).map(quote).join(" ");
      } catch (err) {
        argv = `${s.program.argv.map(quote).join(" ")} (${err.message})`;
      }
      const env = Object.entries(templateEnv(vars)).map(([k, v]) => `${k}=${v}`).join(" ");
      out.push(
        `RUN ${argv} (env ${env}; time limit ${formatDuration(s.program.timeoutMs)}; cwd ${s.program.cwd})`
      );
    } else {
      out.push("RUN nothing: no rollback.run configured");
    }
    if (s.verify) {
      out.push(
        `VERIFY every ${formatDuration(s.verify.intervalMs)} for ${formatDuration(s.verify.windowMs)}:`
      );
      for (const l of describeAnalysis(s.verify)) out.push(`  - ${l}`);
    } else {
      out.push(
        "VERIFY nothing: no rollback.verify or watch probes configured (health would NOT be verified)"
      );
    }
    if (p.github) out.push(`DEPLOYMENT ${toTag}: success when verified, failure otherwise`);
  }
  if (s.hotfix && p.github) {
    try {
      const h = planHotfix(fromTag);
      out.push(`BRANCH create ${h.branch} at ${fromTag} (the hotfix is released as ${h.tag})`);
    } catch (err) {
      out.push(`BRANCH no hotfix branch: ${err.message}`);
    }
  }
  if (p.github)
    out.push("INCIDENT update the mitigation state (rolled back / rollback failed); release the lock");
  out.push(`EVIDENCE write rollback_report_<UTC>.json`);
  return out;
}

// src/rollback/target.ts
async function resolveFrom(gh, from) {
  if (from !== void 0) {
    const release = await gh.getReleaseByTag(from);
    if (!release) {
      throw ConfigError.input(
        "from",
        `no published release has the tag "${from}" (drafts cannot be rolled back: they were never live)`
      );
    }
    return { release, defaulted: false };
  }
  const latest = await gh.getLatestRelease();
  if (!latest) {
    throw new ExternalError("the repository has no latest release: there is nothing live to roll back", {
      hint: "name the bad release with input from (e.g. from: v1.1.0)"
    });
  }
  return { release: latest, defaulted: true };
}
async function releaseOfBuild(gh, build) {
  const tags = await tagsOfBuild(gh, build);
  const ga = tags.filter((t) => {
    const v = parseVersion(t);
    return v !== null && !isPrerelease(v);
  });
  for (const tag of [...ga, build.tag]) {
    const release = await gh.getReleaseByTag(tag);
    if (release && !release.draft) return release;
  }
  return null;
}
async function resolveTo(gh, from, to, scope) {
  if (to === void 0 && scope) {
    const fromSha = await gh.resolveTagCommit(from.tagName);
    const live = await lastLiveBuild(gh, scope.environment, async (e) => {
      if (e.sha === fromSha) return false;
      return await findRolledBackMark(gh, e, scope.incidentLabel) === null;
    });
    const release = live ? await releaseOfBuild(gh, live) : null;
    if (release) return { release, kind: "last-live" };
    scope.note?.(
      live ? `the last build live in ${scope.environment}, ${live.tag}, has no published release: using the previous stable release` : `no deployment recorded in ${scope.environment}: using the previous stable release`
    );
  }
  if (to !== void 0 && to.toLowerCase() !== "rc") {
    if (to === from.tagName)
      throw ConfigError.input("to", `the target ${to} is the release being rolled back`);
    const release = await gh.getReleaseByTag(to);
    if (!release) throw ConfigError.input("to", `no published release has the tag "${to}"`);
    return { release, kind: "explicit" };
  }
  const version = parseVersion(from.tagName);
  if (!version) {
    throw ConfigError.input(
      to === void 0 ? "to" : "from",
      `${from.tagName} is not a semantic version tag, so the previous stable release cannot be found: name the target with input to`
    );
  }
  if (to !== void 0) {
    if (isPrerelease(version)) {
      throw ConfigError.input(
        "to",
        `${from.tagName} is itself a prerelease tag (promoted in place): its RC is the release being rolled back; name the target with to: <tag>`
      );
    }
    const rc = await findRc(gh, { version: formatVersion(gaVersion(version)) });
    if (!rc.release || rc.release.draft) {
      throw new ExternalError(
        `no published release candidate of ${from.tagName} was found (looked for ${rc.searched.join(", ")})`,
        {
          hint: "name the target with to: <tag>, or omit to for the previous stable release"
        }
      );
    }
    return { release: rc.release, kind: "rc" };
  }
  const prev = await findPreviousStable(gh, version);
  if (prev && scope) {
    const sha = await gh.resolveTagCommit(prev.release.tagName);
    const mark = sha ? await findRolledBackMark(gh, { tag: prev.release.tagName, sha }, scope.incidentLabel) : null;
    if (mark)
      throw new ExternalError(
        `refused to restore ${prev.release.tagName} on its own: ${describeMark(mark)}`,
        {
          hint: "name the release to restore with to (naming it is the override)"
        }
      );
  }
  if (!prev) {
    throw new ExternalError(
      `there is no stable release below ${from.tagName}: it is the first release, so there is nothing to roll back to`,
      { hint: "to redeploy something else, name it with input to (a tag, or rc for its release candidate)" }
    );
  }
  return { release: prev.release, kind: "previous-stable" };
}
function looksRolledBack(t, latest) {
  const targetLive = t.to.prerelease || latest?.id === t.to.id;
  return t.from.prerelease && hasBanner(t.from.body) && targetLive;
}

// src/rollback/run.ts
var iso = (ms) => new Date(ms).toISOString();
async function runRollback(deps, s) {
  return new RollbackRun(deps, s).run();
}
var RollbackRun = class {
  constructor(deps, s) {
    this.deps = deps;
    this.s = s;
    this.started = deps.clock.now();
    this.triggeredAt = this.started;
    this.journal = new Journal(deps.clock, deps.logger);
    this.reason = s.reason ?? defaultReason(s);
    if (s.webhookUrl) deps.redactor.add(s.webhookUrl);
    this.r = {
      result: "dry-run",
      mode: s.mode,
      message: "",
      severity: s.severity,
      steps: this.journal.steps,
      plan: [],
      timings: { startedAt: iso(this.started), totalMs: 0 },
      ...s.hypercareWindow && s.hypercareWindow !== "auto" ? { hypercareWindow: s.hypercareWindow } : {}
    };
  }
  deps;
  s;
  journal;
  started;
  r;
  triggeredAt;
  reason;
  finish(result, message) {
    this.r.result = result;
    this.r.message = message;
    this.r.reason ??= this.reason;
    this.r.timings.totalMs = Math.max(0, this.deps.clock.now() - this.started);
    if (FAILS.has(result)) this.deps.logger.error(message);
    else this.deps.logger.info(message);
    return this.r;
  }
  async run() {
    const gh = this.deps.gh;
    return gh ? this.withGitHub(gh) : this.withoutGitHub();
  }
  // ---------------------------------------------------------------------------------------------
  // Without a token (a terminal run): only the program and the verification, tags named explicitly.
  async withoutGitHub() {
    const { s } = this;
    if (!s.from)
      throw ConfigError.input(
        "from",
        "without a GitHub token (GITHUB_TOKEN), name the bad release with from"
      );
    if (!s.to || s.to.toLowerCase() === "rc") {
      throw ConfigError.input(
        "to",
        "without a GitHub token (GITHUB_TOKEN), name the target tag with to (rc needs GitHub to find the RC)"
      );
    }
    this.r.fromTag = s.from;
    this.r.toTag = s.to;
    this.r.targetKind = "explicit";
    const skipped = "no GitHub token: release, deployment and incident steps skipped";
    if (s.dryRun) {
      this.r.plan = buildPlan({
        s,
        fromTag: s.from,
        toTag: s.to,
        kind: "explicit",
        github: false,
        reason: this.reason
      });
      await this.journal.note("github", { status: "skipped", detail: skipped });
      return this.finish("dry-run", `dry run: would roll back ${s.from} to ${s.to} (${skipped})`);
    }
    if (s.mode === "watch") {
      const fired = await this.watch(s.from);
      if (fired) return fired;
    }
    await this.journal.note("github", { status: "skipped", detail: skipped });
    if (s.hotfix)
      await this.journal.note("hotfix", {
        status: "skipped",
        detail: "the hotfix branch needs a GitHub token"
      });
    const out = await this.redeployAndVerify(null, s.from, s.to);
    return this.finish(out.result, out.message);
  }
  // ---------------------------------------------------------------------------------------------
  async withGitHub(gh) {
    const { s, deps } = this;
    const label = s.incident.labels[0];
    const incidentsP = listIncidents(gh, label, "all");
    incidentsP.catch(() => void 0);
    const fromRes = await resolveFrom(gh, s.from);
    let from = fromRes.release;
    this.r.fromTag = from.tagName;
    if (s.hypercareWindow === "auto") {
      const published = Date.parse(from.publishedAt ?? from.createdAt);
      this.r.hypercareWindow = hypercareWindowFor(deps.clock.now() - published);
    }
    let incidents = await incidentsP;
    let toInput = s.to;
    let stop;
    if (fromRes.defaulted) {
      const guard = guardFor(incidents, from);
      if (guard) {
        const st = guard.state;
        const ref = `incident #${guard.issue.number}`;
        if (st.phase === "in-progress") {
          const resumed = await gh.getReleaseByTag(st.from);
          if (!resumed)
            throw new ConfigError({
              file: ref,
              message: `the unfinished rollback names ${st.from}, which has no release any more`
            });
          deps.logger.warn(`resuming the unfinished rollback of ${st.from} to ${st.to} (${ref})`);
          from = resumed;
          this.r.fromTag = from.tagName;
          toInput ??= st.to;
        } else if (st.phase === "rollback-failed") {
          stop = {
            result: "refused",
            message: `${from.tagName} is live because ${st.from} was rolled back to it, and that rollback failed (${ref}, ${guard.issue.htmlUrl}). release-ops will not roll back again on its own: fix the service, close the incident, or name the release with from.`
          };
        } else {
          stop = {
            // A watch that fires on the restored release must not cascade: loud, not silent.
            result: s.mode === "watch" ? "refused" : "nothing-to-do",
            message: `${from.tagName} is live because ${st.from} was rolled back to it (${ref}, still open). release-ops does not roll back a restored release on its own; to roll back ${from.tagName} itself, name it with from.`
          };
        }
      }
    }
    const prefetch = () => {
      const reads2 = {
        latest: fromRes.defaulted && from.id === fromRes.release.id ? Promise.resolve(from) : gh.getLatestRelease(),
        commit: gh.resolveTagCommit(from.tagName)
      };
      reads2.latest.catch(() => void 0);
      reads2.commit.catch(() => void 0);
      return reads2;
    };
    let reads = s.mode === "watch" || stop ? null : prefetch();
    let target;
    let noTarget;
    if (!stop) {
      try {
        const toRes = await resolveTo(gh, from, toInput, {
          environment: s.environment,
          incidentLabel: label,
          note: (text) => deps.logger.info(text)
        });
        target = { from, to: toRes.release, kind: toRes.kind };
        this.r.toTag = target.to.tagName;
        this.r.targetKind = target.kind;
      } catch (err) {
        if (s.mode !== "watch" || s.dryRun || err instanceof ConfigError) throw err;
        noTarget = err;
        deps.logger.warn(`${errorMessage(err)}: the watch runs, but a trigger could not be acted on`);
      }
    }
    if (s.mode === "watch" && !s.dryRun) {
      const healthy = await this.watch(from.tagName);
      if (healthy) return healthy;
      if (noTarget) throw noTarget;
    }
    if (stop) return this.finish(stop.result, stop.message);
    if (!target) throw new Error("bug: no target resolved");
    reads ??= prefetch();
    const latest = await reads.latest;
    let existing = incidentFor(incidents, from.tagName);
    if (existing) this.r.incidentUrl = existing.issue.htmlUrl;
    const done = alreadyDone(target, latest, existing);
    if (done) {
      if (!s.dryRun) {
        const swept = await sweepLocks(gh, deps, {
          fromTag: from.tagName,
          runKey: runKeyFor(s.run.id),
          ttlMs: s.lockTtlMs
        });
        if (swept) deps.logger.info(`removed ${swept} leftover rollback lock ref(s) of ${from.tagName}`);
      }
      return this.finish("nothing-to-do", done);
    }
    if (s.dryRun) {
      this.r.plan = buildPlan({
        s,
        fromTag: from.tagName,
        toTag: target.to.tagName,
        kind: target.kind,
        github: true,
        reason: this.reason,
        fromRelease: from,
        toRelease: target.to,
        latest,
        incident: existing
      });
      for (const line of this.r.plan)
        await this.journal.note("plan", { status: "planned", detail: line }, false);
      return this.finish(
        "dry-run",
        `dry run: would roll back ${from.tagName} to ${target.to.tagName} (${kindText(target.kind)}); nothing was changed`
      );
    }
    const commitSha = await reads.commit ?? from.targetCommitish;
    const lock = await acquireLock(gh, deps, {
      fromTag: from.tagName,
      commitSha,
      runKey: runKeyFor(s.run.id),
      ttlMs: s.lockTtlMs
    });
    if (!lock.acquired) return this.finish("busy", `${lock.message}; this run stops without acting`);
    await this.journal.note(
      "lock",
      { status: "done", detail: `${lock.lockRef}${lock.tookOver ? ` (${lock.tookOver})` : ""}` },
      false
    );
    try {
      const [fresh, freshIncidents, freshLatest] = await Promise.all([
        gh.getReleaseByTag(from.tagName),
        listIncidents(gh, label, "all"),
        gh.getLatestRelease()
      ]);
      from = fresh ?? from;
      target.from = from;
      incidents = freshIncidents;
      existing = incidentFor(incidents, from.tagName);
      const doneNow = alreadyDone(target, freshLatest, existing);
      if (doneNow) return this.finish("nothing-to-do", doneNow);
      return await this.act(gh, target, existing);
    } finally {
      try {
        await lock.release();
      } catch (err) {
        deps.logger.warn(
          `could not release the rollback lock ${lock.lockRef}: ${errorMessage(err)} (a re-run of this run takes it over)`
        );
      }
    }
  }
  /** Watch mode: runs the watch; returns a finished result when no trigger fired, else null (act). */
  async watch(fromTag) {
    const { s, deps } = this;
    if (!s.watch)
      throw new ConfigError({
        file: "config",
        key: "rollback.watch",
        message: "mode watch needs rollback.watch with health_url, ready_url or metrics"
      });
    deps.logger.info(`watching ${fromTag}: ${describeAnalysis(s.watch).join("; ")}`);
    const res = await analyse(deps, s.watch, `watch of ${fromTag}`);
    this.r.watch = res;
    if (res.decision === "cancelled") throw new CancelledError(res.reason);
    if (res.decision === "successful") {
      return this.finish(
        "healthy",
        `${fromTag} stayed healthy for the whole watch (${res.ticks} measurements): no rollback`
      );
    }
    if (res.decision === "inconclusive") {
      return this.finish(
        "inconclusive",
        `the watch of ${fromTag} could not decide: ${res.reason}. No rollback without evidence; check the metrics source`
      );
    }
    this.triggeredAt = res.endedAt;
    this.r.timings.triggeredAt = iso(res.endedAt);
    this.reason = s.reason ? `${s.reason}: ${res.reason}` : res.reason;
    await this.journal.note("trigger", { status: "done", detail: `watch fired: ${res.reason}` }, false);
    return null;
  }
  // ---------------------------------------------------------------------------------------------
  /**
   * Acting, under the lock, in two tracks at once: the record track (incident, message, demotion,
   * banner, latest, the bad deployment) and the recovery track (the target's deployment, the program,
   * the verification) — so the service's recovery waits for nothing but the lock, never for GitHub's
   * spacing between writes. A revert pull request (strategy revert-commit/both) is a third track.
   */
  async act(gh, target, existing) {
    const { s, deps, journal } = this;
    const fromTag = target.from.tagName;
    const toTag = target.to.tagName;
    this.r.timings.triggeredAt ??= iso(this.triggeredAt);
    const reason = deps.redactor.redact(
      this.r.watch ? this.reason : s.reason ?? existing?.state?.reason ?? this.reason
    );
    this.reason = reason;
    const facts = {
      from: fromTag,
      to: toTag,
      phase: "in-progress",
      at: existing?.state?.phase === "in-progress" ? existing.state.at : this.triggeredAt,
      severity: s.severity,
      reason,
      environment: s.environment,
      impact: s.incident.impact,
      targetKind: kindText(target.kind),
      hypercareWindow: this.r.hypercareWindow,
      runUrl: s.run.url,
      fromSha: await gh.resolveTagCommit(fromTag) ?? void 0
    };
    const labels = incidentLabels(s.incident.labels, s.severity);
    const comments = new CommentQueue(gh);
    for (const rec2 of journal.steps) comments.enqueue(rec2);
    journal.onRecord = async (rec2) => comments.enqueue(rec2);
    const notifier = new Notifier(deps, resolveTemplates({ abort: s.abortTemplate }), s.webhookUrl, {
      retries: 2,
      backoffMs: 500
    });
    const notify = async (step, mitigation) => {
      if (comments.has(step, "done")) {
        return journal.note(
          step,
          { status: "already", detail: "template D was sent by an earlier run" },
          false
        );
      }
      const msg = await notifier.send("abort", {
        service: s.service,
        repository: `${gh.repo.owner}/${gh.repo.repo}`,
        tag: fromTag,
        previous_tag: toTag,
        environment: s.environment,
        reason,
        mitigation,
        next_update: "10 min",
        owner: s.run.actor,
        run_url: s.run.url
      });
      const where = !s.webhookUrl ? "recorded (no webhook-url)" : msg.webhook?.delivered ? "posted to the webhook" : `NOT delivered to the webhook (${msg.webhook?.error})`;
      return journal.note(step, { status: "done", detail: `template D ${where}: ${msg.text}` });
    };
    const recordTrack = async () => {
      await journal.step("incident", async () => {
        const { issue, action } = await upsertIncident(gh, existing, facts, labels);
        this.r.incidentUrl = issue.htmlUrl;
        await comments.open(issue.number, action !== "opened");
        return {
          status: action === "opened" ? "done" : "already",
          detail: `${action} #${issue.number} "${incidentTitle(facts)}" ${issue.htmlUrl}`
        };
      });
      await notify("notify", `Rollback in progress to ${toTag}`);
      const cur = target.from;
      const needDemote = !cur.prerelease;
      const needBanner = !hasBanner(cur.body);
      if (needDemote || needBanner) {
        await journal.step("demote", async () => {
          const banner = { at: facts.at, reason, toTag, incidentUrl: this.r.incidentUrl };
          target.from = await gh.updateRelease(cur.id, {
            ...needDemote ? { prerelease: true, makeLatest: "false" } : {},
            ...needBanner ? { body: withBanner(cur.body, banner) } : {}
          });
          return needDemote ? {
            status: "done",
            detail: `${fromTag} is now a prerelease and not latest (tag and release kept)`
          } : { status: "already", detail: `${fromTag} was already a prerelease and not latest` };
        });
      } else {
        await journal.note("demote", {
          status: "already",
          detail: `${fromTag} is already a prerelease and not latest`
        });
      }
      await journal.note(
        "banner",
        needBanner ? {
          status: "done",
          detail: `rollback banner (UTC time, reason) put at the top of ${fromTag}'s notes`
        } : { status: "already", detail: `${fromTag}'s notes already carry the rollback banner` }
      );
      await journal.step("latest", async () => {
        if (target.to.prerelease) {
          return {
            status: "skipped",
            detail: `${toTag} is a prerelease, which GitHub never makes latest: it is restored as the operative reference (deployment and program)`
          };
        }
        const latest = await gh.getLatestRelease();
        if (latest?.id === target.to.id)
          return { status: "already", detail: `${toTag} is already the latest release` };
        await gh.updateRelease(target.to.id, { makeLatest: "true" });
        return { status: "done", detail: `${toTag} is now the latest release` };
      });
      const badState = badDeploymentState(s);
      await journal.step("deployment", async () => {
        const { deployment } = await markBadDeployment(gh, {
          fromTag,
          toTag,
          environment: s.environment,
          state: badState,
          logUrl: s.run.url
        });
        return deployment ? {
          status: "done",
          detail: `deployment ${deployment.id} of ${fromTag} in ${s.environment} marked ${badState}`
        } : { status: "skipped", detail: `no deployment of ${fromTag} in ${s.environment} to mark` };
      });
    };
    const revertTrack = async () => {
      await journal.step("revert", async () => {
        const pr = await openRevertPullRequest(gh, deps.process, {
          fromTag,
          toTag,
          dir: s.revert.directory,
          remote: s.revert.remote,
          reason,
          incidentUrl: this.r.incidentUrl,
          signal: deps.signal
        });
        if (pr.pullRequestUrl) this.r.revertPrUrl = pr.pullRequestUrl;
        return { status: pr.already && !pr.pullRequestUrl ? "already" : "done", detail: pr.detail };
      });
    };
    const [rec, rev, red] = await Promise.allSettled([
      recordTrack(),
      s.strategy !== "redeploy" ? revertTrack() : Promise.resolve(),
      s.strategy !== "revert-commit" ? this.redeployAndVerify(gh, fromTag, toTag) : Promise.resolve(null)
    ]);
    const cancelled = deps.signal.aborted || [rec, rev, red].some((x) => x.status === "rejected" && x.reason instanceof CancelledError);
    const recordError = rec.status === "rejected" ? rec.reason : red.status === "fulfilled" ? red.value?.githubError : void 0;
    const revertError = rev.status === "rejected" ? rev.reason : void 0;
    for (const e of [recordError, revertError, red.status === "rejected" ? red.reason : void 0]) {
      if (e instanceof ConfigError) throw e;
    }
    let result;
    let message;
    if (cancelled) {
      result = "rollback-failed";
      message = `cancelled during the rollback of ${fromTag} to ${toTag}; the incident stays "in progress": re-run the job to finish (every step is idempotent)`;
    } else if (red.status === "rejected") {
      result = "rollback-failed";
      message = `the recovery stopped: ${errorMessage(red.reason)}; re-run the job to finish (every step is idempotent)`;
    } else if (s.strategy === "revert-commit") {
      result = revertError ? "rollback-failed" : "revert-opened";
      message = revertError ? `the revert pull request (branch ${revertBranch(fromTag)}) could not be opened: ${errorMessage(revertError)}` : `${fromTag} is demoted, ${toTag} restored, and a revert pull request is open${this.r.revertPrUrl ? `: ${this.r.revertPrUrl}` : ""}`;
    } else {
      result = red.value.result;
      message = red.value.message;
      if (revertError) {
        result = "rollback-failed";
        message += `; but the revert pull request (branch ${revertBranch(fromTag)}) could not be opened: ${errorMessage(revertError)}`;
      }
    }
    if (recordError !== void 0 && !cancelled) {
      await comments.flush();
      const stopped = [...journal.steps].reverse().find((x) => x.status === "failed")?.step ?? "record";
      return this.finish(
        "rollback-failed",
        `${message}; but the GitHub record stopped at step ${stopped}: ${errorMessage(recordError)}. The incident stays "in progress": re-run the job to finish (every step is idempotent)`
      );
    }
    if (cancelled) {
      await comments.flush();
      return this.finish(result, message);
    }
    if (s.hotfix) {
      try {
        await journal.step("hotfix", async () => {
          const h = await createHotfixBranch(gh, planHotfix(fromTag));
          this.r.hotfix = { branch: h.branch, version: h.version };
          return { status: h.status === "already" ? "already" : "done", detail: h.detail };
        });
      } catch (err) {
        if (err instanceof CancelledError) throw err;
        message += `; the hotfix branch was not created: ${errorMessage(err)}`;
      }
    }
    const phase = result === "rolled-back" ? "rolled-back" : result === "revert-opened" ? "revert-opened" : "rollback-failed";
    try {
      if (phase === "rollback-failed") {
        await notify("notify-failed", `Rollback to ${toTag} FAILED (${message}); a human must act`);
      }
      const healthAt = this.r.timings.healthRestoredAt ? Date.parse(this.r.timings.healthRestoredAt) : void 0;
      const final = {
        ...facts,
        phase,
        ...healthAt ? { verifiedAt: healthAt } : {},
        detail: phase === "revert-opened" ? this.r.revertPrUrl : message
      };
      await journal.step("record", async () => {
        const fresh = incidentFor(await listIncidents(gh, s.incident.labels[0], "all"), fromTag);
        await upsertIncident(gh, fresh, final, labels);
        return { status: "done", detail: `incident mitigation state: ${phase}` };
      });
      const commentError = await comments.flush();
      if (commentError) throw commentError;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      return this.finish(
        "rollback-failed",
        `${message}; but the incident could not be brought up to date: ${errorMessage(err)}. Re-run the job to finish`
      );
    }
    return this.finish(result, message);
  }
  /**
   * The recovery track: the target's deployment (created alongside, never in the way), the program, the
   * verification, the deployment's final status. GitHub failures here do not stop the recovery; they are
   * returned as `githubError` for the record.
   */
  async redeployAndVerify(gh, fromTag, toTag) {
    const { s, deps, journal } = this;
    let deploymentId;
    const deployment = gh ? journal.step("target-deployment", async () => {
      const { deployment: deployment2, created } = await ensureTargetDeployment(gh, {
        fromTag,
        toTag,
        environment: s.environment,
        run: s.run
      });
      await setTargetStatus(
        gh,
        deployment2.id,
        "in_progress",
        `rolling back ${fromTag} to ${toTag}`,
        s.run.url
      );
      deploymentId = deployment2.id;
      return {
        status: created ? "done" : "already",
        detail: `deployment ${deployment2.id} of ${toTag} in ${s.environment} (${targetDescription(fromTag, toTag)}): in_progress`
      };
    }).then(
      () => void 0,
      (err) => err
    ) : Promise.resolve(void 0);
    const finishDeployment = async (state, text) => {
      const err = await deployment;
      if (err !== void 0) return err;
      if (!gh || deploymentId === void 0) return void 0;
      const id = deploymentId;
      try {
        await journal.step("target-status", async () => {
          await setTargetStatus(gh, id, state, text, s.run.url);
          return { status: "done", detail: `deployment ${id} of ${toTag}: ${state}` };
        });
        return void 0;
      } catch (e) {
        return e;
      }
    };
    try {
      if (s.program) {
        const run = await runProgram(deps, {
          label: "rollback",
          argv: s.program.argv,
          vars: { to_tag: toTag, from_tag: fromTag },
          cwd: s.program.cwd,
          timeoutMs: s.program.timeoutMs,
          signal: deps.signal
        });
        this.r.timings.programMs = Math.round(run.durationMs);
        const tail = run.tail.slice(-5).join(" / ");
        await journal.note("program", {
          status: run.ok ? "done" : "failed",
          detail: `${run.argv.join(" ")}: ${run.exit} in ${(run.durationMs / 1e3).toFixed(1)} s${run.ok || !tail ? "" : ` \u2014 ${tail}`}`
        });
        if (run.cancelled) throw new CancelledError();
        if (!run.ok) {
          const githubError2 = await finishDeployment("failure", `rollback program ${run.exit}`);
          return {
            result: "rollback-failed",
            message: `ROLLBACK FAILED: the rollback program ${run.exit}; ${toTag} may not be live. A human must act (release-ops does not retry)`,
            githubError: githubError2
          };
        }
      } else {
        await journal.note("program", {
          status: "skipped",
          detail: "no rollback.run configured: nothing redeployed by release-ops"
        });
      }
      if (!s.verify) {
        await journal.note("verify", {
          status: "skipped",
          detail: "no rollback.verify or rollback.watch probes configured: health NOT verified"
        });
        const githubError2 = await finishDeployment(
          "success",
          `rolled back to ${toTag} (health not verified)`
        );
        return {
          result: "rolled-back",
          message: `rolled back ${fromTag} to ${toTag}; health was NOT verified (configure rollback.verify)`,
          githubError: githubError2
        };
      }
      const res = await analyse(deps, s.verify, `verification of ${toTag}`);
      this.r.verify = res;
      this.r.timings.verifyMs = Math.round(res.endedAt - res.startedAt);
      if (res.decision === "cancelled") throw new CancelledError(res.reason);
      if (res.decision === "successful") {
        this.r.timings.healthRestoredAt = iso(res.endedAt);
        await journal.note("verify", {
          status: "done",
          detail: `health verified: ${res.reason} (${res.ticks} measurements)`
        });
        const githubError2 = await finishDeployment("success", `rolled back to ${toTag}; health verified`);
        return {
          result: "rolled-back",
          message: `rolled back ${fromTag} to ${toTag}; health verified (${res.ticks} measurements)`,
          githubError: githubError2
        };
      }
      await journal.note("verify", {
        status: "failed",
        detail: `verification ${res.decision}: ${res.reason}`
      });
      const githubError = await finishDeployment("failure", `verification ${res.decision}`);
      return {
        result: "rollback-failed",
        message: `ROLLBACK FAILED: ${toTag} was redeployed but its health did not verify (${res.reason}). A human must act; release-ops will not retry`,
        githubError
      };
    } catch (err) {
      if (err instanceof CancelledError || deps.signal.aborted) await finishDeployment("error", "cancelled");
      throw err;
    }
  }
};
var SILENT_STEPS = /* @__PURE__ */ new Set(["lock", "incident", "target-status", "record", "plan", "github"]);
var CommentQueue = class {
  constructor(gh) {
    this.gh = gh;
  }
  gh;
  comments = null;
  pending = [];
  chain = Promise.resolve();
  error;
  async open(issueNumber, load) {
    const c = new StepComments(this.gh, issueNumber);
    if (load) await c.load();
    this.comments = c;
    for (const rec of this.pending.splice(0)) this.push(rec);
  }
  enqueue(rec) {
    if (SILENT_STEPS.has(rec.step)) return;
    if (this.comments) this.push(rec);
    else this.pending.push(rec);
  }
  has(step, status) {
    return this.comments?.has(step, status) ?? false;
  }
  push(rec) {
    const c = this.comments;
    this.chain = this.chain.then(() => this.error === void 0 ? c.post(rec) : void 0).catch((err) => {
      this.error ??= err;
    });
  }
  /** Waits for every comment; returns the first error, if any. */
  async flush() {
    await this.chain;
    return this.error;
  }
};
var FAILS = /* @__PURE__ */ new Set(["rollback-failed", "inconclusive", "refused"]);
function defaultReason(s) {
  if (s.mode === "watch") return "hypercare watch trigger";
  const who = s.run.actor ? ` by ${s.run.actor}` : "";
  if (s.run.eventName === "workflow_dispatch" || !s.run.eventName) return `manual rollback${who}`;
  return `automatic rollback after a failed step (${s.run.eventName})`;
}
function kindText(kind) {
  return kind === "last-live" ? "last build live before it" : kind === "previous-stable" ? "previous stable release" : kind === "rc" ? "validated release candidate" : "named target";
}
function guardFor(incidents, latest) {
  const lv = parseVersion(latest.tagName);
  const hits = incidents.filter((f) => {
    if (f.issue.state !== "open" || !f.state) return false;
    if (f.state.to === latest.tagName) return true;
    const fv = parseVersion(f.state.from);
    return Boolean(lv && fv && compareVersions(fv, lv) > 0);
  });
  return hits.sort((a, b) => b.issue.number - a.issue.number)[0] ?? null;
}
function alreadyDone(t, latest, existing) {
  const phase = existing?.issue.state === "open" ? existing.state?.phase : void 0;
  if (phase === "in-progress" || phase === "rollback-failed") return null;
  if (!looksRolledBack(t, latest)) return null;
  const where = existing ? ` (incident #${existing.issue.number})` : "";
  return `${t.from.tagName} is already rolled back: it is demoted and ${t.to.tagName} is ${t.to.prerelease ? "the operative reference" : "the latest release"}${where}. Nothing to do`;
}

// src/rollback/settings.ts
import path2 from "node:path";
function defaultRollbackConfig() {
  return {
    program_timeout: 6e5,
    environment: "production",
    strategy: "redeploy",
    incident: { labels: ["incident"], severity: "high" },
    revert: { remote: "origin", directory: "." }
  };
}
function resolveRollback(cfg, input, ctx) {
  const problems = [];
  const at = (p) => {
    const full = ["rollback", ...p];
    return {
      file: ctx.source?.file ?? "config",
      line: ctx.source?.lineOf(full),
      key: full.map((s, i) => typeof s === "number" ? `[${s}]` : i ? `.${s}` : s).join("")
    };
  };
  for (const p of unknownPlaceholders(cfg.run ?? [], ROLLBACK_PLACEHOLDERS)) {
    problems.push({
      ...at(["run"]),
      message: `unknown placeholder {${p}}; known: {to_tag}, {from_tag} (write {{ and }} for literal braces)`
    });
  }
  for (const p of unknownTemplatePlaceholders(cfg.templates?.abort ?? "")) {
    problems.push({ ...at(["templates", "abort"]), message: `unknown placeholder {${p}}` });
  }
  const analysis = (f) => {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return void 0;
    }
  };
  const watchCfg = cfg.watch ? watchAnalysisConfig(cfg.watch) : null;
  const watch = analysis(
    () => watchCfg ? resolveAnalysis(watchCfg, {
      env: ctx.env,
      redactor: ctx.redactor,
      source: ctx.source,
      path: ["rollback", "watch"]
    }) : void 0
  );
  const verifyCfg = cfg.verify ?? defaultVerifyConfig(watchCfg);
  const verify = analysis(
    () => verifyCfg ? resolveAnalysis(verifyCfg, {
      env: ctx.env,
      redactor: ctx.redactor,
      source: ctx.source,
      path: ["rollback", cfg.verify ? "verify" : "watch"]
    }) : void 0
  );
  const mode = input.mode ?? "rollback";
  if (mode === "watch" && !watchCfg) {
    problems.push({
      ...at(["watch"]),
      message: "mode watch needs rollback.watch with health_url, ready_url or metrics (what to watch)"
    });
  }
  if (problems.length) throw new ConfigError(problems);
  if (input.webhookUrl) ctx.redactor.add(input.webhookUrl);
  const verifyWindow = verify?.windowMs ?? 0;
  return {
    mode,
    from: input.from,
    to: input.to,
    reason: input.reason,
    severity: input.severity ?? cfg.incident.severity,
    environment: input.environment ?? cfg.environment,
    strategy: input.strategy ?? cfg.strategy,
    webhookUrl: input.webhookUrl,
    hypercareWindow: input.hypercareWindow,
    hotfix: input.hotfix,
    dryRun: input.dryRun,
    program: cfg.run ? { argv: cfg.run, timeoutMs: cfg.program_timeout, cwd: ctx.cwd } : void 0,
    verify,
    watch,
    incident: { labels: cfg.incident.labels, impact: cfg.incident.impact },
    lockTtlMs: cfg.lock_ttl ?? cfg.program_timeout + verifyWindow + 6e5,
    revert: { remote: cfg.revert.remote, directory: path2.resolve(ctx.cwd, cfg.revert.directory) },
    abortTemplate: cfg.templates?.abort,
    service: cfg.service ?? ctx.service,
    run: ctx.run
  };
}

// src/commands/rollback.ts
var inputs = {
  ...COMMON_INPUTS,
  mode: {
    description: "rollback: act now (a failed step, a manual dispatch); watch: probe health and metrics for a window and roll back when a trigger fires",
    default: "rollback",
    kind: "enum",
    values: ["rollback", "watch"],
    placeholder: "rollback|watch"
  },
  from: {
    description: "The bad release tag (default: the current latest release)",
    default: "",
    placeholder: "TAG"
  },
  to: {
    description: "The tag to restore, or rc for the validated release candidate of the bad version (default: the last build live in the environment that is not marked rolled back, else the previous stable release); naming a build marked rolled back restores it anyway",
    default: "",
    placeholder: "TAG|rc"
  },
  "expected-sha": {
    description: "The commit the from tag must resolve to (e.g. the readiness gate output sha); a mismatch is refused before anything runs",
    default: "",
    placeholder: "SHA"
  },
  reason: {
    description: "Why: goes into the incident, the release banner and the message (watch mode adds the trigger)",
    default: "",
    placeholder: "TEXT",
    // Free text (a ChatOps comment, a form field): line breaks are accepted and folded into spaces.
    multiline: true
  },
  severity: {
    description: "Severity for the incident, from the severity matrix (default: rollback.incident.severity, else high)",
    default: "",
    kind: "enum",
    values: SEVERITIES,
    placeholder: "critical|high|medium|low"
  },
  environment: {
    description: "Deployment environment (default: rollback.environment, else production)",
    default: "",
    placeholder: "NAME"
  },
  strategy: {
    description: "redeploy the target, revert-commit (open a revert pull request), or both (default: rollback.strategy, else redeploy)",
    default: "",
    kind: "enum",
    values: ["redeploy", "revert-commit", "both"],
    placeholder: "redeploy|revert-commit|both"
  },
  "webhook-url": {
    description: "Slack-compatible incoming webhook for the go-live runbook template D (masked in logs)",
    default: "",
    kind: "secret",
    placeholder: "URL"
  },
  "hypercare-window": {
    description: "Which hypercare window this run is (0h, 1h, 4h, 8h, 24h), or auto (from the release age); recorded in the evidence and the incident",
    default: "",
    kind: "enum",
    values: [...HYPERCARE_WINDOWS, "auto"],
    placeholder: "WINDOW"
  },
  hotfix: {
    description: "After the rollback, create the branch hotfix/<next patch of the bad release> from its tag",
    default: "false",
    kind: "boolean"
  }
};
var outputs = {
  "rolled-back": "true when this run rolled back and verified (or redeployed without verification configured)",
  "from-tag": "The bad release",
  "to-tag": "The restored release",
  "incident-url": "The incident issue",
  reason: "Why (the input, or the trigger that fired)",
  result: "rolled-back, rollback-failed, nothing-to-do, healthy, inconclusive, busy, revert-opened, refused or dry-run",
  "report-path": "Path of the evidence file rollback_report_<UTC>.json",
  "revert-pr-url": "The revert pull request (strategy revert-commit or both)",
  "hotfix-branch": "The hotfix branch created (input hotfix)",
  "hotfix-version": "The hotfix version, e.g. 1.0.2 (input hotfix)"
};
var command = {
  name: "rollback",
  summary: "Roll back a bad release now, or watch it and roll back when a trigger fires",
  inputs,
  outputs,
  async run(ctx) {
    const dryRun = ctx.inputs.bool("dry-run");
    const webhookUrl = ctx.inputs.string("webhook-url");
    if (webhookUrl) {
      checkWebhookUrl(webhookUrl);
      ctx.redactor.add(webhookUrl);
    }
    const values = {
      mode: ctx.inputs.enum("mode"),
      from: ctx.inputs.string("from"),
      to: ctx.inputs.string("to"),
      // One line: the reason is logged, and a line starting with `::` would be a workflow command.
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      reason: ctx.inputs.string("reason")?.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " "),
      severity: ctx.inputs.enum("severity"),
      environment: ctx.inputs.string("environment"),
      strategy: ctx.inputs.enum("strategy"),
      webhookUrl,
      hypercareWindow: ctx.inputs.enum("hypercare-window"),
      hotfix: ctx.inputs.bool("hotfix"),
      dryRun
    };
    const dir = artifactsDir(ctx.env, ctx.inputs.string("artifacts-dir"));
    const loaded = await ctx.loadConfig();
    const repository = ctx.run.repository;
    const settings = resolveRollback(loaded.config.rollback ?? defaultRollbackConfig(), values, {
      env: ctx.env,
      redactor: ctx.redactor,
      source: loaded.source,
      cwd: ctx.cwd,
      service: repository?.split("/")[1] ?? path3.basename(path3.resolve(ctx.cwd)),
      run: {
        id: ctx.env.GITHUB_RUN_ID,
        url: ctx.run.runUrl,
        actor: ctx.run.actor ?? ctx.env.USER,
        eventName: ctx.run.eventName
      }
    });
    if (values.from) checkTagName("from", values.from);
    if (values.to && values.to.toLowerCase() !== "rc") checkTagName("to", values.to);
    const expected = ctx.inputs.string("expected-sha");
    const gh0 = await ctx.github();
    if (expected) {
      if (!values.from)
        throw ConfigError.input("expected-sha", "expected-sha binds the release named by from: set from too");
      await resolveBuild(gh0, { input: "from", tag: values.from, expectedSha: expected, release: "none" });
    }
    if (gh0) {
      const stale = await sweepStale(gh0, settings.environment, {
        runId: ctx.run.runId,
        now: ctx.clock.now(),
        staleAfterMs: loaded.config.canary?.stale_after ?? DEFAULT_STALE_AFTER_MS,
        dryRun
      });
      for (const m of stale.marked)
        ctx.logger.warn(`deployment ${m.id} of ${m.tag}${dryRun ? " would be" : ""} marked error: ${m.why}`);
    }
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    if (!github)
      ctx.logger.warn(
        "no GitHub token: the release, deployment and incident steps are skipped (name from and to)"
      );
    const result = await runRollback(
      {
        gh: github,
        clock: ctx.clock,
        http: ctx.http,
        process: ctx.process,
        fs: ctx.fs,
        logger: ctx.logger,
        redactor: ctx.redactor,
        signal: ctx.signal,
        env: ctx.env
      },
      settings
    );
    let reportPath = "";
    if (!dryRun) {
      reportPath = await writeEvidence(ctx, {
        dir: path3.resolve(ctx.cwd, dir),
        prefix: "rollback_report",
        data: rollbackEvidence(settings, result)
      });
    }
    const failed = FAILING_RESULTS.includes(result.result);
    return {
      exitCode: failed ? 1 : 0,
      outputs: {
        "rolled-back": String(result.result === "rolled-back"),
        "from-tag": result.fromTag ?? "",
        "to-tag": result.toTag ?? "",
        "incident-url": result.incidentUrl ?? "",
        reason: result.reason ?? "",
        result: result.result,
        "report-path": reportPath,
        "revert-pr-url": result.revertPrUrl ?? "",
        "hotfix-branch": result.hotfix?.branch ?? "",
        "hotfix-version": result.hotfix?.version ?? ""
      },
      report: rollbackReport(settings, result, {
        evidencePath: reportPath ? path3.relative(ctx.cwd, reportPath) || reportPath : void 0
      }),
      ...failed ? { failMessage: `rollback ${result.result}: ${result.message}` } : {}
    };
  }
};
var rollback_default = command;

export {
  inputs,
  outputs,
  rollback_default
};
