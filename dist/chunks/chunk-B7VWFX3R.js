import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  CANARY_PLACEHOLDERS,
  MESSAGE_KINDS,
  Notifier,
  ROLLBACK_PLACEHOLDERS,
  analysisEvidence,
  checkWebhookUrl,
  describeBaselineSource,
  describeJudge,
  describeJudged,
  describeLimits,
  describeSource,
  fmt,
  judgeWarnings,
  limitWarnings,
  maxMeasurementMs,
  measureBaselines,
  needsPreRolloutBaseline,
  placeholdersIn,
  quote,
  renderArgv,
  renderTemplate,
  resolveAnalysis,
  resolveTemplates,
  runAnalysis,
  runProgram,
  sparkline,
  ticksIn,
  unknownPlaceholders,
  unknownTemplatePlaceholders,
  worstCaseMs
} from "./chunk-Q6WFOFHC.js";
import {
  describeMark,
  refuseRolledBack
} from "./chunk-5BVIXY32.js";
import {
  ledgerPayload,
  readEnvironment,
  sweepStale
} from "./chunk-2ZA7HDHO.js";
import {
  artifactsDir,
  checkTagName,
  resolveBuild,
  writeEvidence
} from "./chunk-XXRWEAZR.js";
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

// src/commands/canary.ts
import os from "node:os";
import path from "node:path";

// src/rollout/deployment.ts
var DeploymentTracker = class {
  constructor(github, deps, opts) {
    this.github = github;
    this.deps = deps;
    this.record = { tracked: false, ref: opts.ref, environment: opts.environment, statuses: [] };
    this.logUrl = opts.logUrl;
  }
  github;
  deps;
  record;
  logUrl;
  async create(description, payload) {
    if (!this.github) {
      this.record.note = "deployment tracking is off: no GitHub token (set GITHUB_TOKEN to record the rollout in the ledger)";
      this.deps.logger.warn(this.record.note);
      return;
    }
    try {
      const d = await this.github.createDeployment({
        ref: this.record.ref,
        environment: this.record.environment,
        description,
        payload,
        productionEnvironment: /^prod(uction)?$/i.test(this.record.environment),
        // The readiness gate (not GitHub's deployment API) decides whether the commit's checks allow it.
        requiredContexts: []
      });
      this.record.tracked = true;
      this.record.id = d.id;
      this.deps.logger.info(
        `GitHub deployment ${d.id} created for ${this.record.ref} in ${this.record.environment}`
      );
    } catch (err) {
      this.record.note = `GitHub did not record the deployment: ${errorMessage(err)}`;
      throw new ExternalError(
        `GitHub refused to record the deployment of ${this.record.ref} in ${this.record.environment}, so nothing was deployed (${errorMessage(err)})`,
        {
          hint: "the job needs permissions: deployments: write; without a token the rollout runs untracked",
          cause: err
        }
      );
    }
  }
  /**
   * Records the redeploy of the build the rollout replaced (after an abort, the rollback program put
   * it back): a deployment of its commit, `in_progress` now; `settle` gives it `success` (verified,
   * so it is what is live again) or `failure`. Failures are reported, not fatal: the rollback matters
   * more than its record. Without a token, or without a previous tag, nothing is recorded.
   */
  async redeploy(tag, payload) {
    const none = async () => {
    };
    if (!this.github || !tag) return none;
    const gh = this.github;
    try {
      const sha = await gh.resolveTagCommit(tag);
      const d = await gh.createDeployment({
        ref: sha ?? tag,
        environment: this.record.environment,
        description: `redeploy of ${tag} after the canary of ${this.record.ref} was aborted`,
        payload,
        productionEnvironment: /^prod(uction)?$/i.test(this.record.environment),
        requiredContexts: []
      });
      await gh.createDeploymentStatus(d.id, {
        state: "in_progress",
        description: `redeploying ${tag}`,
        ...this.logUrl ? { logUrl: this.logUrl } : {}
      });
      this.record.redeployId = d.id;
      return async (state, description) => {
        try {
          await gh.createDeploymentStatus(d.id, {
            state,
            description,
            ...this.logUrl ? { logUrl: this.logUrl } : {},
            ...state === "success" ? { autoInactive: true } : {}
          });
        } catch (err) {
          this.deps.logger.warn(
            `could not set the redeploy's deployment status ${state}: ${errorMessage(err)}`
          );
        }
      };
    } catch (err) {
      this.deps.logger.warn(`could not record the redeploy of ${tag}: ${errorMessage(err)}`);
      return none;
    }
  }
  async status(state, description) {
    if (!this.github || this.record.id === void 0) return;
    const rec = { at: this.deps.clock.now(), state, description };
    try {
      await this.github.createDeploymentStatus(this.record.id, {
        state,
        description,
        ...this.logUrl ? { logUrl: this.logUrl } : {},
        ...state === "success" ? { autoInactive: true } : {}
      });
    } catch (err) {
      rec.error = errorMessage(err);
      this.deps.logger.warn(`could not set deployment status ${state}: ${rec.error}`);
    }
    this.record.statuses.push(rec);
  }
};

// src/rollout/canary.ts
var Stop = class extends Error {
  constructor(kind, reason, step) {
    super(reason);
    this.kind = kind;
    this.reason = reason;
    this.step = step;
  }
  kind;
  reason;
  step;
};
async function runCanary(s, deps) {
  const { clock: clock2, logger, signal } = deps;
  const startedAt = clock2.now();
  const steps = [];
  const decisions = [];
  const decide = (decision, reason2, step) => {
    decisions.push({ at: clock2.now(), decision, reason: reason2, ...step !== void 0 ? { step } : {} });
    logger.info(`decision: ${decision}${step !== void 0 ? ` (step ${step})` : ""} \u2014 ${reason2}`);
  };
  const notifier = new Notifier(
    { http: deps.http, clock: clock2, logger, redactor: deps.redactor },
    s.templates,
    s.webhookUrl,
    deps.webhook
  );
  const tracker = new DeploymentTracker(
    deps.github,
    { clock: clock2, logger },
    { ref: s.sha || s.tag, environment: s.environment, logUrl: s.facts.runUrl }
  );
  const n = s.steps.length;
  const windowMs = s.analysis?.windowMs ?? 0;
  const vars = (extra = {}) => ({
    service: s.facts.service,
    repository: s.facts.repository,
    owner: s.facts.owner,
    run_url: s.facts.runUrl,
    tag: s.tag,
    previous_tag: s.previousTag,
    environment: s.environment,
    ...extra
  });
  const programVars = (step, weight) => ({
    weight: String(weight),
    step: String(step),
    tag: s.tag,
    previous_tag: s.previousTag ?? ""
  });
  const cancelReason = (where) => {
    const why = signal.reason instanceof Error ? signal.reason.message : "cancelled";
    return `the run was cancelled (${why}) during ${where}; nothing was rolled back`;
  };
  const pdeps = { process: deps.process, logger, redactor: deps.redactor };
  let baselines;
  let current = { step: 0, weight: 0 };
  let result = "promoted";
  let reason = "";
  let failedStep;
  let cancelled = false;
  let rollback;
  let verify;
  await tracker.create(`canary ${s.tag}: ${s.steps.map((x) => `${x.weight}%`).join(" \u2192 ")}`, {
    ...ledgerPayload({
      kind: "canary",
      tag: s.tag,
      run_url: s.facts.runUrl ?? null,
      run_id: s.facts.runId ?? null,
      actor: s.facts.owner ?? null,
      replaces: s.previousTag ?? null
    }),
    steps: s.steps.map((x) => x.weight),
    ...s.allowRolledBack ? { allow_rolled_back: s.allowRolledBack } : {}
  });
  await tracker.status("in_progress", `starting canary of ${s.tag}`);
  await notifier.send(
    "start",
    vars({
      step: "1",
      weight: String(s.steps[0].weight),
      next_update: formatDuration(s.steps[0].pauseMs + windowMs)
    })
  );
  try {
    if (s.analysis && s.analysis.metrics.some(needsPreRolloutBaseline)) {
      try {
        baselines = await measureBaselines(s.analysis.metrics, { clock: clock2, http: deps.http, signal });
      } catch (err) {
        if (err instanceof CancelledError || signal.aborted)
          throw new Stop("cancel", cancelReason("the baseline measurement"));
        throw err;
      }
      const missing = Object.entries(baselines).filter(([, b]) => "error" in b);
      if (missing.length) {
        const why = missing.map(([m, b]) => `${m}: ${"error" in b ? b.error : ""}`).join("; ");
        throw new Stop(
          "failure",
          `the baseline could not be measured before the rollout (${why}); nothing was deployed`
        );
      }
      logger.info(
        `baseline: ${Object.entries(baselines).map(([m, b]) => `${m} ${"values" in b ? JSON.stringify(b.values) : ""}`).join("; ")}`
      );
    }
    for (let i = 0; i < n; i++) {
      const { weight, pauseMs } = s.steps[i];
      const step = i + 1;
      current = { step, weight };
      const rec = {
        step,
        weight,
        pauseMs,
        startedAt: clock2.now(),
        endedAt: clock2.now(),
        outcome: "passed"
      };
      steps.push(rec);
      await tracker.status("in_progress", `step ${step}/${n}: ${weight}% of traffic on ${s.tag}`);
      rec.deploy = await runProgram(pdeps, {
        label: "deploy",
        argv: s.deploy,
        vars: programVars(step, weight),
        cwd: s.cwd,
        timeoutMs: s.programTimeoutMs,
        signal,
        killGraceMs: deps.killGraceMs
      });
      rec.endedAt = clock2.now();
      if (rec.deploy.cancelled || signal.aborted) {
        rec.outcome = "cancelled";
        throw new Stop(
          "cancel",
          cancelReason(
            `step ${step} (${weight}%), while the deploy program ran (its process group was killed)`
          ),
          step
        );
      }
      if (!rec.deploy.ok) {
        rec.outcome = "deploy-failed";
        throw new Stop(
          "failure",
          `the deploy program failed at step ${step} (${weight}%): ${rec.deploy.exit}`,
          step
        );
      }
      if (pauseMs > 0) {
        logger.info(`step ${step}: pausing ${formatDuration(pauseMs)} before the analysis`);
        try {
          await clock2.sleep(pauseMs, signal);
        } catch (err) {
          rec.outcome = "cancelled";
          rec.endedAt = clock2.now();
          if (err instanceof CancelledError || signal.aborted)
            throw new Stop("cancel", cancelReason(`the pause of step ${step} (${weight}%)`), step);
          throw err;
        }
      }
      if (s.analysis) {
        rec.analysis = await runAnalysis(
          s.analysis,
          { clock: clock2, http: deps.http, signal, logger },
          { label: `step ${step} (${weight}%)`, baselines, evaluators: deps.evaluators }
        );
        rec.endedAt = clock2.now();
        if (rec.analysis.decision === "cancelled") {
          rec.outcome = "cancelled";
          throw new Stop("cancel", cancelReason(`the analysis of step ${step} (${weight}%)`), step);
        }
        if (rec.analysis.decision !== "successful") {
          rec.outcome = "failed";
          const verdict = rec.analysis.decision === "inconclusive" ? "inconclusive" : "failed";
          throw new Stop(
            "failure",
            `step ${step} (${weight}%) analysis ${verdict}: ${rec.analysis.reason}`,
            step
          );
        }
        decide("continue", `step ${step} (${weight}%) analysis successful`, step);
      } else {
        decide(
          "continue",
          `step ${step} (${weight}%) deployed; no analysis configured, nothing was verified`,
          step
        );
      }
      rec.endedAt = clock2.now();
      if (step === 1 && n > 1) {
        const next = s.steps[1];
        await notifier.send(
          "healthy",
          vars({
            step: "1",
            weight: String(weight),
            next_weight: String(next.weight),
            next_update: formatDuration(next.pauseMs + windowMs)
          })
        );
      }
    }
    result = "promoted";
    reason = `${s.tag} promoted to 100% in ${n} step${n === 1 ? "" : "s"}`;
    decide("promote", reason);
    await tracker.status("success", `promoted: ${s.tag} at 100%${s.analysis ? ", analysis passed" : ""}`);
    await notifier.send("complete", vars({ step: String(n), weight: "100" }));
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    failedStep = err.step;
    reason = err.reason;
    if (err.kind === "cancel") {
      cancelled = true;
      result = "aborted";
      decide("cancelled", reason, err.step);
      await tracker.status("error", `cancelled at step ${current.step}/${n} (${current.weight}%)`);
      await notifier.send(
        "abort",
        vars({
          reason,
          step: String(current.step),
          weight: String(current.weight),
          mitigation: `Rollout stopped at ${current.weight}% by a cancelled job, not rolled back`,
          next_update: "the next run"
        }),
        { retries: 0, timeoutMs: 2e3 }
      );
    } else if (s.onFailure === "pause" || current.step === 0) {
      result = "aborted";
      const mitigation = current.step === 0 ? "Nothing was deployed" : `Rollout paused at ${current.weight}%, not rolled back (on-failure: pause)`;
      decide(current.step === 0 ? "abort" : "pause", `${reason} \u2014 ${mitigation.toLowerCase()}`, err.step);
      await tracker.status(
        "failure",
        current.step === 0 ? `not started: ${reason}` : `paused at ${current.weight}%: ${reason}`
      );
      await notifier.send(
        "abort",
        vars({
          reason,
          step: String(current.step),
          weight: String(current.weight),
          mitigation,
          next_update: "the next run"
        })
      );
    } else {
      decide("abort", reason, err.step);
      const outcome = await abortAndRollBack();
      result = outcome.result;
      rollback = outcome.rollback;
      verify = outcome.verify;
      if (outcome.cancelled) {
        cancelled = true;
        reason = `${reason}; then ${outcome.note}`;
      } else if (outcome.note) {
        reason = `${reason}; ${outcome.note}`;
      }
    }
  }
  return {
    result,
    cancelled,
    ...failedStep !== void 0 ? { failedStep } : {},
    reason,
    startedAt,
    endedAt: clock2.now(),
    ...baselines ? { baselines } : {},
    steps,
    ...rollback ? { rollback } : {},
    ...verify ? { verify } : {},
    deployment: tracker.record,
    messages: notifier.sent,
    decisions
  };
  async function abortAndRollBack() {
    const { step, weight } = current;
    if (!s.rollback) {
      const note2 = "no rollback program is configured (canary.rollback): nothing was rolled back";
      await tracker.status("failure", `aborted at ${weight}%; no rollback program`);
      await notifier.send(
        "abort",
        vars({
          reason,
          step: String(step),
          weight: String(weight),
          mitigation: `Rollout stopped at ${weight}%; no rollback program is configured`,
          next_update: "the next run"
        })
      );
      return { result: "aborted", note: note2 };
    }
    await notifier.send(
      "abort",
      vars({
        reason,
        step: String(step),
        weight: String(weight),
        mitigation: `Rollback in progress to ${s.previousTag ?? "the previous release"}`,
        next_update: formatDuration((s.verify?.windowMs ?? 0) + 6e4)
      })
    );
    await tracker.status(
      "in_progress",
      `aborted at ${weight}%: rolling back to ${s.previousTag ?? "the previous release"}`
    );
    const settleRedeploy = await tracker.redeploy(
      s.previousTag,
      ledgerPayload({
        kind: "redeploy",
        tag: s.previousTag ?? "",
        run_url: s.facts.runUrl ?? null,
        run_id: s.facts.runId ?? null,
        actor: s.facts.owner ?? null,
        replaces: s.tag
      })
    );
    const rb = await runProgram(pdeps, {
      label: "rollback",
      argv: s.rollback,
      vars: { ...programVars(step, weight), to_tag: s.previousTag ?? "", from_tag: s.tag },
      cwd: s.cwd,
      timeoutMs: s.programTimeoutMs,
      signal,
      killGraceMs: deps.killGraceMs
    });
    if (rb.cancelled || signal.aborted) {
      decide("cancelled", "the run was cancelled during the rollback program", step);
      await tracker.status("error", `cancelled during the rollback from ${weight}%`);
      await settleRedeploy("failure", "cancelled while redeploying");
      return {
        result: "rollback-failed",
        rollback: rb,
        cancelled: true,
        note: "the run was cancelled during the rollback program (its process group was killed)"
      };
    }
    if (!rb.ok) {
      const note2 = `the rollback program failed: ${rb.exit}`;
      decide("rollback-failed", note2, step);
      await tracker.status("failure", `rollback failed: ${rb.exit}`);
      await settleRedeploy("failure", `the rollback program failed: ${rb.exit}`);
      return { result: "rollback-failed", rollback: rb, note: note2 };
    }
    if (!s.verify) {
      const note2 = `rolled back to ${s.previousTag ?? "the previous release"}; not verified (no analysis configured)`;
      decide("rolled-back", note2, step);
      await tracker.status("failure", `aborted at ${weight}%, rolled back (not verified)`);
      await settleRedeploy("success", `redeployed ${s.previousTag ?? ""} (not verified: no analysis)`);
      return { result: "rolled-back", rollback: rb, note: note2 };
    }
    const v = await runAnalysis(
      s.verify,
      { clock: clock2, http: deps.http, signal, logger },
      { label: "verify", baselines, evaluators: deps.evaluators }
    );
    if (v.decision === "cancelled") {
      decide("cancelled", "the run was cancelled during the verification", step);
      await tracker.status("error", "cancelled during the verification of the rollback");
      await settleRedeploy("failure", "cancelled during the verification");
      return {
        result: "rollback-failed",
        rollback: rb,
        verify: v,
        cancelled: true,
        note: "the run was cancelled during the verification"
      };
    }
    if (v.decision !== "successful") {
      const note2 = `rolled back to ${s.previousTag ?? "the previous release"}, but the verification ${v.decision === "failed" ? "failed" : "was inconclusive"}: ${v.reason}`;
      decide("rollback-failed", note2, step);
      await tracker.status("failure", `rollback verification ${v.decision}`);
      await settleRedeploy("failure", `verification ${v.decision}`);
      return { result: "rollback-failed", rollback: rb, verify: v, note: note2 };
    }
    const note = `rolled back to ${s.previousTag ?? "the previous release"} and verified healthy`;
    decide("rolled-back", note, step);
    await tracker.status(
      "failure",
      `aborted at ${weight}%: rolled back to ${s.previousTag ?? "the previous release"}, verified`
    );
    await settleRedeploy("success", `redeployed ${s.previousTag ?? ""}, verified healthy`);
    return { result: "rolled-back", rollback: rb, verify: v, note };
  }
}

// src/rollout/report.ts
var iso = (ms) => new Date(ms).toISOString();
var clock = (ms) => new Date(ms).toISOString().slice(11, 19);
var MARK = {
  successful: "\u2713",
  failed: "\u2717",
  inconclusive: "?",
  error: "!"
};
var argvText = (argv) => argv.map(quote).join(" ");
function specEvidence(a) {
  if (!a) return null;
  return {
    interval_ms: a.intervalMs,
    window_ms: a.windowMs,
    metrics: a.metrics.map((m) => ({
      name: m.name,
      provider: m.provider,
      conditions: m.conditions.map((c) => c.text),
      limits: m.limits,
      ...m.judge ? { judge: m.judge } : {}
    })),
    ...a.judge ? { judge: a.judge } : {}
  };
}
function canaryEvidence(s, run) {
  const step = (r) => ({
    step: r.step,
    weight: r.weight,
    pause_ms: r.pauseMs,
    started_at: iso(r.startedAt),
    ended_at: iso(r.endedAt),
    outcome: r.outcome,
    deploy: r.deploy ? { ...r.deploy, duration_ms: Math.round(r.deploy.durationMs) } : null,
    analysis: r.analysis ? analysisEvidence(r.analysis) : null
  });
  return {
    kind: "canary",
    tag: s.tag,
    previous_tag: s.previousTag ?? null,
    environment: s.environment,
    on_failure: s.onFailure,
    result: run.result,
    cancelled: run.cancelled,
    failed_step: run.failedStep ?? null,
    reason: run.reason,
    started_at: iso(run.startedAt),
    ended_at: iso(run.endedAt),
    duration_ms: run.endedAt - run.startedAt,
    settings: {
      deploy: s.deploy,
      rollback: s.rollback ?? null,
      steps: s.steps,
      program_timeout_ms: s.programTimeoutMs,
      analysis: specEvidence(s.analysis),
      verify: specEvidence(s.verify),
      templates: s.templates,
      webhook: s.webhookUrl ? "set (masked)" : "not set"
    },
    baselines: run.baselines ? Object.fromEntries(Object.entries(run.baselines).map(([k, b]) => [k, { ...b, at: iso(b.at) }])) : null,
    steps: run.steps.map(step),
    rollback: run.rollback ?? null,
    verify: run.verify ? analysisEvidence(run.verify) : null,
    deployment: {
      ...run.deployment,
      statuses: run.deployment.statuses.map((x) => ({ ...x, at: iso(x.at) }))
    },
    messages: run.messages.map((m) => ({ ...m, at: iso(m.at) })),
    decisions: run.decisions.map((d) => ({ ...d, at: iso(d.at) }))
  };
}
function series(analyses, metric, value) {
  return analyses.flatMap(
    (a) => a.measurements.filter((m) => m.metric === metric).map((m) => m.values[value] ?? null)
  );
}
function stepTable(a, spec) {
  const rows = spec.metrics.map((metric) => {
    const mine = a.measurements.filter((m) => m.metric === metric.name);
    const values = [...new Set(metric.conditions.map((c) => c.value))].map((v) => {
      const vs = mine.map((m) => m.values[v] ?? null);
      const last = [...vs].reverse().find((x) => x !== null);
      return `${v} ${sparkline(vs)} ${last !== void 0 && last !== null ? fmt(last) : "\u2013"}`;
    }).join("\n");
    const sum = a.summary.find((x) => x.metric === metric.name);
    const counts = sum ? `${sum.successful}\u2713 ${sum.failed}\u2717 ${sum.inconclusive + sum.error}?` : "";
    const decisive = a.decision !== "successful" && a.decisions.some((d) => d.metric === metric.name || d.reason.includes(`${metric.name}:`));
    return [
      metric.name,
      mine.map((m) => MARK[m.phase]).join(""),
      counts,
      values,
      [
        ...metric.conditions.map((c) => c.text),
        ...(metric.judge ?? []).map(
          (j) => `judge ${j.kind}${metric.judge.length > 1 ? ` (${j.name})` : ""} ${j.direction === "lower_is_worse" ? "\u2212" : "+"}${j.max_increase_pct ?? 0} %`
        )
      ].join(", "),
      decisive ? `**${a.decision}**` : "ok"
    ];
  });
  return {
    kind: "table",
    headers: ["Metric", "Measurements", "Count", "Values over time (last)", "Conditions", ""],
    rows
  };
}
function judgeBlocks(decisions) {
  const d = decisions?.at(-1);
  if (!d) return [];
  const scores = decisions.map((x) => x.score);
  const score = d.score === null ? "no score (no data from both sides)" : `score ${fmt(d.score)} ${sparkline(scores, { min: 0, max: 100 })}`;
  const VERDICT = { pass: "\u2713 pass", fail: "**\u2717 fail**", "no-data": "? no data" };
  return [
    { kind: "text", text: `Judge, look ${d.look}/${d.looks}: **${d.action}**, ${score}` },
    {
      kind: "table",
      headers: ["Judged metric", "Kind", "Verdict", "Canary / baseline", "Effect vs baseline [interval]"],
      rows: d.metrics.map((m) => [
        `${m.metric}${m.critical ? " (critical)" : ""}${m.weight !== 1 ? ` \xD7${fmt(m.weight)}` : ""}`,
        m.kind,
        `${VERDICT[m.verdict] ?? m.verdict}${m.failedAtLook !== void 0 ? ` at look ${m.failedAtLook}` : ""}`,
        m.events ? `${m.events.canary}/${m.n.canary} vs ${m.events.baseline}/${m.n.baseline}` : `${m.n.canary} vs ${m.n.baseline} samples`,
        [m.message.replace(/^[^:]*: /, ""), ...m.notes].join("; ")
      ])
    }
  ];
}
function canaryReport(s, run, extra = {}) {
  const blocks = [];
  blocks.push({ kind: "result", label: "Result", value: run.result, ok: run.result === "promoted" });
  blocks.push({ kind: "text", text: run.reason });
  const d = run.deployment;
  blocks.push({
    kind: "text",
    text: d.tracked ? `GitHub deployment ${d.id} (${s.tag}${s.sha ? ` @ ${s.sha.slice(0, 12)}` : ""} \u2192 ${d.environment}): ${d.statuses.map((x) => x.state).join(" \u2192 ") || "no status"}` : d.note ?? "deployment tracking is off"
  });
  blocks.push({ kind: "heading", text: "Steps" });
  blocks.push({
    kind: "table",
    headers: ["Step", "Weight", "Deploy", "Pause", "Analysis", "Measurements", "Took"],
    rows: s.steps.map((st, i) => {
      const r = run.steps.find((x) => x.step === i + 1);
      if (!r) return [String(i + 1), `${st.weight}%`, "not run", formatDuration(st.pauseMs), "", "", ""];
      const sums = r.analysis?.summary ?? [];
      const total = (k) => sums.reduce((a, x) => a + x[k], 0);
      return [
        String(r.step),
        `${r.weight}%`,
        r.deploy ? r.deploy.ok ? "ok" : r.deploy.exit : "",
        formatDuration(r.pauseMs),
        r.analysis ? r.analysis.decision : s.analysis ? r.outcome === "cancelled" ? "cancelled" : "not run" : "none configured",
        r.analysis ? `${total("successful")}\u2713 ${total("failed")}\u2717 ${total("inconclusive") + total("error")}?` : "",
        formatDuration(r.endedAt - r.startedAt)
      ];
    })
  });
  for (const r of run.steps) {
    if (!r.analysis || !s.analysis) continue;
    blocks.push({ kind: "heading", text: `Step ${r.step} \u2014 ${r.weight}%: ${r.analysis.decision}`, level: 3 });
    blocks.push(stepTable(r.analysis, s.analysis));
    blocks.push(...judgeBlocks(r.analysis.judge));
    if (r.analysis.decision !== "successful") blocks.push({ kind: "text", text: r.analysis.reason });
  }
  if (run.rollback || run.verify) {
    blocks.push({ kind: "heading", text: "Rollback" });
    const items = [];
    if (run.rollback)
      items.push(
        `\`${argvText(run.rollback.argv)}\`: ${run.rollback.exit} in ${formatDuration(run.rollback.durationMs)}`
      );
    if (run.verify) items.push(`verification: ${run.verify.decision} \u2014 ${run.verify.reason}`);
    blocks.push({ kind: "list", items });
    if (run.verify && s.verify) {
      blocks.push(stepTable(run.verify, s.verify));
      blocks.push(...judgeBlocks(run.verify.judge));
    }
    if (run.rollback && !run.rollback.ok && run.rollback.tail.length)
      blocks.push({ kind: "code", text: run.rollback.tail.join("\n") });
  }
  const failedDeploy = run.steps.find((r) => r.deploy && !r.deploy.ok && r.deploy.tail.length);
  if (failedDeploy?.deploy) {
    blocks.push({
      kind: "heading",
      text: `Deploy program output (step ${failedDeploy.step}, last lines)`,
      level: 3
    });
    blocks.push({ kind: "code", text: failedDeploy.deploy.tail.join("\n") });
  }
  const analyses = [
    ...run.steps.flatMap((r) => r.analysis ? [r.analysis] : []),
    ...run.verify ? [run.verify] : []
  ];
  if (s.analysis && analyses.length) {
    blocks.push({ kind: "heading", text: "Metrics over time" });
    const rows = [];
    for (const metric of s.analysis.metrics) {
      for (const v of [...new Set(metric.conditions.map((c) => c.value))]) {
        const vs = series(analyses, metric.name, v);
        const nums = vs.filter((x) => x !== null);
        rows.push([
          `${metric.name}.${v}`,
          sparkline(vs),
          nums.length ? fmt(Math.min(...nums)) : "\u2013",
          nums.length ? fmt(Math.max(...nums)) : "\u2013",
          nums.length ? fmt(nums[nums.length - 1]) : "\u2013",
          metric.conditions.filter((c) => c.value === v).map((c) => c.text).join(", ")
        ]);
      }
    }
    blocks.push({ kind: "table", headers: ["Metric", "Over time", "Min", "Max", "Last", "Condition"], rows });
    blocks.push({
      kind: "text",
      text: `${analyses.map((a) => `${a.label}: ${a.ticks}`).join(", ")} measurements; a gap is a measurement without data.`
    });
  }
  if (run.messages.length) {
    blocks.push({ kind: "heading", text: "Messages" });
    blocks.push({
      kind: "list",
      items: run.messages.map((m) => {
        const hook = m.webhook ? m.webhook.delivered ? " (posted)" : ` (webhook failed after ${m.webhook.attempts} attempts: ${m.webhook.error})` : "";
        return `${clock(m.at)} ${m.kind}: ${m.text}${hook}`;
      })
    });
  }
  blocks.push({ kind: "heading", text: "Decisions" });
  blocks.push({
    kind: "table",
    headers: ["Time (UTC)", "Decision", "Reason"],
    rows: run.decisions.map((x) => [clock(x.at), x.decision, x.reason])
  });
  if (extra.evidencePath) blocks.push({ kind: "text", text: `Evidence: \`${extra.evidencePath}\`` });
  return { title: `canary-promote ${s.tag} \u2192 ${s.environment}`, blocks };
}
function worstCaseDurationMs(s) {
  const analysisMs = s.analysis ? worstCaseMs(s.analysis) : 0;
  const baselineMs = s.analysis?.metrics.some(needsPreRolloutBaseline) ? 3 * Math.max(...s.analysis.metrics.filter(needsPreRolloutBaseline).map(maxMeasurementMs)) : 0;
  const stepsMs = s.steps.reduce((a, st) => a + s.programTimeoutMs + st.pauseMs + analysisMs, 0);
  const rollbackMs = s.onFailure === "abort" && s.rollback ? s.programTimeoutMs + (s.verify ? worstCaseMs(s.verify) : 0) : 0;
  const webhookMs = s.webhookUrl ? 3 * (4 * 1e4 + 7e3) : 0;
  return baselineMs + stepsMs + rollbackMs + webhookMs;
}
function describeAnalysis(spec) {
  return `${ticksIn(spec)} measurements, every ${formatDuration(spec.intervalMs)} for ${formatDuration(spec.windowMs)}`;
}
function canaryPlan(s, facts) {
  const blocks = [];
  blocks.push({ kind: "text", text: "Dry run: nothing was deployed, measured, recorded or posted." });
  const analysisMs = s.analysis ? worstCaseMs(s.analysis) : 0;
  blocks.push({ kind: "heading", text: "Steps" });
  blocks.push({
    kind: "table",
    headers: ["Step", "Weight", "Pause", "Analysis", "Worst case"],
    rows: s.steps.map((st, i) => [
      String(i + 1),
      `${st.weight}%`,
      formatDuration(st.pauseMs),
      s.analysis ? describeAnalysis(s.analysis) : "none",
      formatDuration(s.programTimeoutMs + st.pauseMs + analysisMs)
    ])
  });
  blocks.push({
    kind: "code",
    text: s.steps.map(
      (st, i) => `# step ${i + 1}
${argvText(renderArgv(s.deploy, { weight: String(st.weight), step: String(i + 1), tag: s.tag, previous_tag: s.previousTag ?? "" }))}`
    ).join("\n")
  });
  blocks.push({
    kind: "text",
    text: `Each program run is limited to ${formatDuration(s.programTimeoutMs)} (program_timeout); the environment carries RELEASE_OPS_WEIGHT, RELEASE_OPS_STEP, RELEASE_OPS_TAG, RELEASE_OPS_PREVIOUS_TAG.`
  });
  if (s.analysis) {
    blocks.push({ kind: "heading", text: "Metrics" });
    blocks.push({
      kind: "table",
      headers: ["Metric", "Provider", "Source", "Conditions", "Limits"],
      rows: s.analysis.metrics.map((m) => [
        m.name,
        m.provider.kind,
        describeSource(m),
        [...m.conditions.map((c) => c.text), ...m.judge ? ["judged vs baseline (below)"] : []].join(", "),
        describeLimits(m.limits)
      ])
    });
    const base = s.analysis.metrics.filter(needsPreRolloutBaseline);
    if (base.length) {
      blocks.push({
        kind: "text",
        text: `Baseline: ${base.map((m) => m.name).join(", ")} read 3 times before step 1 (the median of each value); a metric without a baseline stops the rollout before anything is deployed.`
      });
    }
    const judge = describeJudge(s.analysis);
    if (judge) {
      const n = s.steps.length;
      const perRun = Math.round(n * (1 - s.analysis.judge.confidence) * 1e4) / 100;
      blocks.push({
        kind: "text",
        text: n > 1 ? `${judge} Over the ${n} step analyses of a rollout the bounds add up: \u2264 ${perRun} % per rollout.` : judge
      });
      blocks.push({
        kind: "list",
        items: s.analysis.metrics.flatMap(
          (m) => (m.judge ?? []).map(
            (j) => `${describeJudged(j)} \u2014 ${describeSource(m)} vs baseline ${describeBaselineSource(m) ?? "(none)"}`
          )
        )
      });
    }
    const warnings = [...limitWarnings(s.analysis), ...judgeWarnings(s.analysis)];
    if (warnings.length) blocks.push({ kind: "list", items: warnings.map((w) => `\u26A0 ${w}`) });
  } else {
    blocks.push({
      kind: "text",
      text: "\u26A0 No analysis configured: each step is deployed after its pause without any verification."
    });
  }
  blocks.push({ kind: "heading", text: "On failure" });
  const rbVars = {
    weight: "<weight>",
    step: "<step>",
    tag: s.tag,
    previous_tag: s.previousTag ?? "",
    to_tag: s.previousTag ?? "",
    from_tag: s.tag
  };
  const items = [];
  if (s.onFailure === "pause")
    items.push("on-failure: pause \u2014 the rollout stops where it is; nothing is rolled back");
  else if (!s.rollback)
    items.push(
      "on-failure: abort \u2014 but no rollback program is configured (canary.rollback): nothing would be rolled back"
    );
  else {
    items.push(`on-failure: abort \u2014 runs \`${argvText(renderArgv(s.rollback, rbVars))}\``);
    items.push(
      s.verify ? `then verifies: ${describeAnalysis(s.verify)} (${s.verify.metrics.map((m) => m.name).join(", ")})` : "then nothing verifies it (no analysis configured)"
    );
  }
  items.push(
    facts.tracking ? `GitHub deployment for ${s.tag} in ${s.environment}: in_progress per step, success at 100%, failure on abort, error if cancelled` : "GitHub deployment tracking: skipped (no GitHub token)"
  );
  blocks.push({ kind: "list", items });
  blocks.push({ kind: "heading", text: "Messages" });
  const example = {
    service: s.facts.service,
    repository: s.facts.repository,
    owner: s.facts.owner,
    run_url: s.facts.runUrl,
    tag: s.tag,
    previous_tag: s.previousTag,
    environment: s.environment,
    step: "1",
    weight: String(s.steps[0].weight),
    next_weight: String(s.steps[1]?.weight ?? 100),
    reason: "<reason>",
    mitigation: s.onFailure === "abort" && s.rollback ? `Rollback in progress to ${s.previousTag ?? "<previous tag>"}` : "Rollout paused, not rolled back",
    next_update: formatDuration((s.steps[0]?.pauseMs ?? 0) + (s.analysis?.windowMs ?? 0))
  };
  blocks.push({
    kind: "list",
    items: MESSAGE_KINDS.map((k) => `${k}: ${renderTemplate(s.templates[k], example)}`)
  });
  blocks.push({
    kind: "text",
    text: s.webhookUrl ? "Each message is also posted to the webhook (masked)." : "No webhook-url: messages go to the job summary only."
  });
  blocks.push({
    kind: "result",
    label: "Worst-case duration",
    value: formatDuration(worstCaseDurationMs(s)),
    ok: null
  });
  return { title: `canary-promote plan: ${s.tag} \u2192 ${s.environment}`, blocks };
}

// src/rollout/settings.ts
var CANARY_ROLLBACK_PLACEHOLDERS = [...CANARY_PLACEHOLDERS, ...ROLLBACK_PLACEHOLDERS];
function resolveCanary(cfg, input) {
  const problems = [];
  const at = (path2) => ({
    file: input.source?.file ?? "config",
    line: input.source?.lineOf(["canary", ...path2]),
    key: ["canary", ...path2].map((s, i) => typeof s === "number" ? `[${s}]` : i ? `.${s}` : s).join("")
  });
  const known = (list) => list.map((p) => `{${p}}`).join(", ");
  for (const p of unknownPlaceholders(cfg.deploy, CANARY_PLACEHOLDERS)) {
    problems.push({
      ...at(["deploy"]),
      message: `unknown placeholder {${p}}; known: ${known(CANARY_PLACEHOLDERS)}`
    });
  }
  for (const p of unknownPlaceholders(cfg.rollback ?? [], CANARY_ROLLBACK_PLACEHOLDERS)) {
    problems.push({
      ...at(["rollback"]),
      message: `unknown placeholder {${p}}; known: ${known(CANARY_ROLLBACK_PLACEHOLDERS)}`
    });
  }
  for (const k of MESSAGE_KINDS) {
    const text = cfg.templates?.[k];
    if (!text) continue;
    for (const p of unknownTemplatePlaceholders(text))
      problems.push({ ...at(["templates", k]), message: `unknown placeholder {${p}}` });
  }
  let analysis;
  let verify;
  const collect = (f) => {
    try {
      return f();
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return void 0;
    }
  };
  const rctx = { env: input.env, redactor: input.redactor, source: input.source };
  if (cfg.analysis)
    analysis = collect(() => resolveAnalysis(cfg.analysis, { ...rctx, path: ["canary", "analysis"] }));
  if (cfg.verify)
    verify = collect(() => resolveAnalysis(cfg.verify, { ...rctx, path: ["canary", "verify"] }));
  else verify = analysis;
  if (problems.length) throw new ConfigError(problems);
  const onFailure = input.onFailure ?? cfg.on_failure;
  const previousTag = input.previousTag;
  const needsPrevious = [
    ...placeholdersIn(cfg.deploy).some((p) => p === "previous_tag") ? ["canary.deploy"] : [],
    ...onFailure === "abort" && cfg.rollback && placeholdersIn(cfg.rollback).some((p) => p === "previous_tag" || p === "to_tag") ? ["canary.rollback"] : []
  ];
  if (needsPrevious.length && !previousTag) {
    const verb = needsPrevious.length > 1 ? "use" : "uses";
    throw ConfigError.input(
      "previous-tag",
      `${needsPrevious.join(" and ")} ${verb} {previous_tag}, but no previous tag is known: set input previous-tag (or give a token so the build live in the environment is used)`
    );
  }
  return {
    tag: input.tag,
    sha: input.sha,
    ...input.allowRolledBack ? { allowRolledBack: input.allowRolledBack } : {},
    ...previousTag ? { previousTag } : {},
    environment: input.environment ?? cfg.environment,
    onFailure,
    deploy: cfg.deploy,
    ...cfg.rollback ? { rollback: cfg.rollback } : {},
    programTimeoutMs: cfg.program_timeout,
    steps: cfg.steps.map((s) => ({ weight: s.weight, pauseMs: s.pause })),
    ...analysis ? { analysis } : {},
    ...verify ? { verify } : {},
    templates: resolveTemplates(cfg.templates),
    ...input.webhookUrl ? { webhookUrl: input.webhookUrl } : {},
    cwd: input.cwd,
    facts: input.facts
  };
}

// src/commands/canary.ts
var inputs = {
  ...COMMON_INPUTS,
  tag: {
    description: "The tag being rolled out: {tag} in the deploy program, RELEASE_OPS_TAG in its environment",
    required: true,
    placeholder: "TAG"
  },
  "previous-tag": {
    description: "The tag to roll back to: {previous_tag} (default: the build live in the environment, else the latest release; needs a token)",
    default: "",
    placeholder: "TAG"
  },
  "expected-sha": {
    description: "The commit the tag must resolve to (e.g. the readiness gate output sha); a tag moved since is refused before anything runs",
    default: "",
    placeholder: "SHA"
  },
  "allow-rolled-back": {
    description: "Ship a build marked rolled back anyway; the reason is required and recorded in the evidence and the deployment",
    default: "",
    placeholder: "REASON"
  },
  environment: {
    description: "Deployment environment (default: canary.environment in the config, else production)",
    default: "",
    placeholder: "NAME"
  },
  "on-failure": {
    description: "What a failed analysis or deploy does: abort (roll back, then verify) or pause (stop, no rollback); overrides canary.on_failure",
    default: "",
    kind: "enum",
    values: ["abort", "pause"],
    placeholder: "abort|pause"
  },
  "webhook-url": {
    description: "Slack-compatible incoming webhook for the four rollout messages (masked in logs)",
    default: "",
    kind: "secret",
    placeholder: "URL"
  }
};
var outputs = {
  result: "promoted, aborted, rolled-back or rollback-failed",
  "failed-step": "The step (1-based) at which the rollout stopped; empty when promoted",
  reason: "Why the rollout stopped: the measured value, the condition and the limit",
  "report-path": "Path of the evidence file canary_report_<UTC>.json",
  "deployment-id": "The GitHub deployment id; empty when tracking was skipped",
  sha: "The commit rolled out (the tag resolved before anything ran); empty without a token"
};
var command = {
  name: "canary",
  summary: "Staged rollout with metric analysis and automatic abort",
  inputs,
  outputs,
  async run(ctx) {
    const tag = ctx.inputs.string("tag");
    const dryRun = ctx.inputs.bool("dry-run");
    const webhookUrl = ctx.inputs.string("webhook-url");
    if (webhookUrl) {
      checkWebhookUrl(webhookUrl);
      ctx.redactor.add(webhookUrl);
    }
    const onFailure = ctx.inputs.enum("on-failure");
    const environment = ctx.inputs.string("environment");
    let previousTag = ctx.inputs.string("previous-tag");
    const dir = artifactsDir(ctx.env, ctx.inputs.string("artifacts-dir"));
    const loaded = await ctx.loadConfig();
    const cfg = loaded.config.canary;
    if (!cfg) {
      throw new ConfigError({
        file: loaded.source.file,
        line: 1,
        message: "no canary: section \u2014 canary-promote needs canary.deploy, canary.steps and usually canary.analysis (docs/actions/canary-promote.md)"
      });
    }
    const gh0 = await ctx.github();
    const custody = await verifyCanaryBuild(ctx, gh0, {
      tag,
      previousTag: previousTag ?? "",
      environment: environment || cfg.environment,
      incidentLabel: loaded.config.rollback?.incident.labels[0] ?? "incident",
      staleAfterMs: cfg.stale_after,
      dryRun
    });
    previousTag = custody.previousTag;
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    const repository = ctx.run.repository;
    const settings = resolveCanary(cfg, {
      tag,
      sha: custody.build.sha,
      ...custody.overridden ? { allowRolledBack: ctx.inputs.string("allow-rolled-back") } : {},
      previousTag,
      environment,
      onFailure,
      webhookUrl,
      env: ctx.env,
      redactor: ctx.redactor,
      source: loaded.source,
      cwd: ctx.cwd,
      facts: {
        service: repository?.split("/")[1] ?? path.basename(path.resolve(ctx.cwd)),
        repository,
        owner: ctx.run.actor ?? ctx.env.USER ?? os.userInfo().username,
        runUrl: ctx.run.runUrl,
        runId: ctx.run.runId
      }
    });
    if (dryRun) {
      return { exitCode: 0, outputs: {}, report: canaryPlan(settings, { tracking: github !== null }) };
    }
    const run = await runCanary(settings, {
      clock: ctx.clock,
      http: ctx.http,
      process: ctx.process,
      logger: ctx.logger,
      redactor: ctx.redactor,
      signal: ctx.signal,
      github
    });
    const reportPath = await writeEvidence(ctx, {
      dir: path.resolve(ctx.cwd, dir),
      prefix: "canary_report",
      data: { ...canaryEvidence(settings, run), custody: custodyEvidence(custody) }
    });
    const shownPath = path.relative(ctx.cwd, reportPath) || reportPath;
    return {
      exitCode: run.result === "promoted" ? 0 : 1,
      outputs: {
        result: run.result,
        "failed-step": run.failedStep !== void 0 ? String(run.failedStep) : "",
        reason: run.reason,
        "report-path": reportPath,
        "deployment-id": run.deployment.id !== void 0 ? String(run.deployment.id) : "",
        sha: custody.build.sha
      },
      report: canaryReport(settings, run, { evidencePath: shownPath }),
      ...run.result === "promoted" ? {} : { failMessage: `canary ${run.result}: ${run.reason}` }
    };
  }
};
async function verifyCanaryBuild(ctx, gh, o) {
  const expected = ctx.inputs.string("expected-sha");
  const allow = ctx.inputs.string("allow-rolled-back");
  const build = await resolveBuild(gh, {
    input: "tag",
    tag: o.tag,
    release: "none",
    ...expected ? { expectedSha: expected } : {}
  });
  if (o.previousTag) checkTagName("previous-tag", o.previousTag);
  if (!gh) {
    ctx.logger.warn(`build identity not verified: no GitHub token, so ${o.tag} was not resolved to a commit`);
    return {
      build,
      previousTag: o.previousTag || void 0,
      previousFrom: o.previousTag ? "input" : "none",
      mark: null,
      overridden: false
    };
  }
  ctx.logger.info(`${o.tag} is commit ${build.sha}`);
  if (o.previousTag) await resolveBuild(gh, { input: "previous-tag", tag: o.previousTag, release: "none" });
  const mark = await refuseRolledBack(gh, build, o.incidentLabel, allow || void 0);
  if (mark) ctx.logger.warn(`shipping a build marked rolled back (${describeMark(mark)}): ${allow}`);
  const view = await readEnvironment(gh, o.environment);
  const stale = await sweepStale(gh, o.environment, {
    runId: ctx.run.runId,
    now: ctx.clock.now(),
    staleAfterMs: o.staleAfterMs,
    view,
    dryRun: o.dryRun
  });
  for (const m of stale.marked)
    ctx.logger.warn(`deployment ${m.id} of ${m.tag}${o.dryRun ? " would be" : ""} marked error: ${m.why}`);
  if (o.previousTag)
    return { build, previousTag: o.previousTag, previousFrom: "input", mark, overridden: mark !== null };
  if (view.live && view.live.sha !== build.sha) {
    ctx.logger.info(`previous-tag not given: ${view.live.tag} is live in ${o.environment} (ledger)`);
    return { build, previousTag: view.live.tag, previousFrom: "ledger", mark, overridden: mark !== null };
  }
  const latest = await gh.getLatestRelease();
  if (latest && latest.tagName !== o.tag) {
    ctx.logger.info(
      `previous-tag not given and nothing recorded live in ${o.environment}: using the latest release, ${latest.tagName}`
    );
    return {
      build,
      previousTag: latest.tagName,
      previousFrom: "latest-release",
      mark,
      overridden: mark !== null
    };
  }
  return { build, previousTag: void 0, previousFrom: "none", mark, overridden: mark !== null };
}
function custodyEvidence(c) {
  return {
    tag: c.build.tag,
    sha: c.build.sha || null,
    verified: c.build.verified,
    previous_tag: c.previousTag ?? null,
    previous_tag_from: c.previousFrom,
    rolled_back_mark: c.mark,
    allow_rolled_back: c.overridden
  };
}
var canary_default = command;

export {
  inputs,
  outputs,
  canary_default
};
