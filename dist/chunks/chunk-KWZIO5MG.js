import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  classify
} from "./chunk-4GQS4TUJ.js";
import {
  toMarkdown
} from "./chunk-YDLQOOZ6.js";
import {
  artifactsDir,
  checkExpectedSha,
  checkTagName,
  resolveBuild,
  writeEvidence
} from "./chunk-XXRWEAZR.js";
import {
  HttpError,
  expandEnv,
  isCredentialHeader,
  isCredentialName,
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
  errorMessage,
  isUserFacing
} from "./chunk-3TUOJGC2.js";

// src/commands/gate.ts
import path4 from "node:path";

// src/gate/run.ts
import { setMaxListeners as setMaxListeners2 } from "node:events";

// src/gate/checks/backup-manifest.ts
import path from "node:path";

// src/gate/format.ts
function ms(value) {
  return value < 10 ? `${Number(value.toFixed(1))} ms` : `${Math.round(value)} ms`;
}
function bytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${Number(v.toFixed(1))} ${units[u]}`;
}
function human(msValue) {
  return formatDuration(Math.max(0, msValue));
}
function formatLimit(l) {
  const unit = (v) => v === null ? "n/a" : l.unit ? `${v} ${l.unit}` : `${v}`;
  return `${l.what} ${unit(round(l.value))} ${l.ok ? "\u2264" : ">"} ${unit(round(l.limit))}`;
}
function round(v) {
  if (typeof v !== "number") return v;
  return Math.abs(v) < 10 ? Number(v.toFixed(1)) : Math.round(v);
}
function clip(redactor, text, max = 200) {
  return redactor.clip(text, max, { oneLine: true });
}

// src/gate/checks/backup-manifest.ts
var FUTURE_SLACK_MS = 5 * 6e4;
function parseManifest(text) {
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${errorMessage(err)})` };
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc))
    return { error: "expected a JSON object with created_at and files" };
  const o = doc;
  if (typeof o.created_at !== "string" || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(o.created_at)) {
    return { error: "created_at: expected an ISO 8601 time with a zone, e.g. 2026-01-05T09:00:00Z" };
  }
  if (Number.isNaN(Date.parse(o.created_at)))
    return { error: `created_at: "${o.created_at}" is not a real time` };
  if (!Array.isArray(o.files)) return { error: "files: expected a list of { path, sha256, size }" };
  if (o.files.length === 0) return { error: "files: the manifest lists no files" };
  const files = [];
  for (const [i, f] of o.files.entries()) {
    const e = f;
    if (!e || typeof e !== "object") return { error: `files[${i}]: expected { path, sha256, size }` };
    if (typeof e.path !== "string" || e.path === "")
      return { error: `files[${i}].path: expected a file path` };
    if (typeof e.sha256 !== "string" || !/^[0-9a-fA-F]{64}$/.test(e.sha256)) {
      return { error: `files[${i}].sha256: expected 64 hexadecimal characters` };
    }
    if (typeof e.size !== "number" || !Number.isInteger(e.size) || e.size < 0) {
      return { error: `files[${i}].size: expected a size in bytes` };
    }
    files.push({ path: e.path, sha256: e.sha256.toLowerCase(), size: e.size });
  }
  return { manifest: { created_at: o.created_at, files } };
}
var backupManifestCheck = {
  async run(check, ctx) {
    const manifestPath = path.resolve(ctx.cwd, check.path);
    const base = check.base_dir ? path.resolve(ctx.cwd, check.base_dir) : path.dirname(manifestPath);
    const root = await confinement(ctx.fs, check.root ?? ctx.cwd);
    const outside = check.root ? `outside ${check.root}` : "outside the workspace";
    for (const [key, p] of [
      ["path", manifestPath],
      ["base_dir", base]
    ]) {
      if (!await root.holds(p))
        return {
          ok: false,
          detail: `${key} ${key === "path" ? check.path : check.base_dir}: ${outside} (set root to an absolute directory to allow it)`
        };
    }
    let text;
    try {
      text = (await ctx.fs.readFile(manifestPath)).toString("utf8");
    } catch (err) {
      const code = err.code;
      return {
        ok: false,
        detail: `${check.path}: ${code === "ENOENT" ? "manifest not found" : `cannot read (${code ?? errorMessage(err)})`}`
      };
    }
    const parsed = parseManifest(text);
    if ("error" in parsed) return { ok: false, detail: `${check.path}: ${parsed.error}` };
    const { manifest } = parsed;
    const created = Date.parse(manifest.created_at);
    const age = ctx.clock.now() - created;
    const limits = [];
    const problems = [];
    if (age < -FUTURE_SLACK_MS)
      problems.push(`created_at ${manifest.created_at} is ${human(-age)} in the future`);
    if (check.max_age !== void 0) {
      const l = {
        what: "age",
        value: human(Math.max(0, age)),
        limit: human(check.max_age),
        ok: age <= check.max_age
      };
      limits.push(l);
      if (!l.ok) problems.push(formatLimit(l));
    }
    const files = [];
    let total = 0;
    for (const f of manifest.files) {
      if (ctx.signal.aborted) break;
      const abs = path.resolve(base, f.path);
      const record = {
        path: f.path,
        expected_size: f.size,
        expected_sha256: f.sha256
      };
      files.push(record);
      if (!await root.holds(abs)) {
        record.problem = outside;
        problems.push(`${f.path}: ${outside}`);
        continue;
      }
      const st = await ctx.fs.stat(abs);
      if (!st) {
        record.problem = "missing";
        problems.push(`${f.path}: missing`);
        continue;
      }
      if (!st.isFile) {
        record.problem = "not a file";
        problems.push(`${f.path}: not a file`);
        continue;
      }
      record.size = st.size;
      if (st.size !== f.size) {
        record.problem = "size";
        problems.push(`${f.path}: size ${st.size} B, listed ${f.size} B`);
        continue;
      }
      const h = await ctx.hashFile(abs, ctx.signal);
      record.sha256 = h.sha256;
      total += h.size;
      if (h.sha256 !== f.sha256) {
        record.problem = "sha256";
        problems.push(
          `${f.path}: sha256 ${h.sha256.slice(0, 12)}\u2026 differs from the listed ${f.sha256.slice(0, 12)}\u2026`
        );
      }
    }
    const bad = files.filter((f) => f.problem).length;
    limits.push({ what: "files not matching", value: bad, limit: 0, ok: bad === 0 });
    const data = {
      manifest: check.path,
      base_dir: path.relative(ctx.cwd, base) || ".",
      created_at: manifest.created_at,
      age_ms: age,
      files,
      verified_bytes: total
    };
    if (problems.length > 0) {
      const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : "";
      return {
        ok: false,
        detail: clip(ctx.redactor, problems.slice(0, 3).join("; ") + more, 300),
        limits,
        data
      };
    }
    const ageText = check.max_age !== void 0 ? formatLimit(limits[0]) : `age ${human(Math.max(0, age))}`;
    return {
      ok: true,
      detail: `${manifest.files.length} file${manifest.files.length === 1 ? "" : "s"}, ${bytes(total)} verified; ${ageText}`,
      limits,
      data
    };
  },
  describe(check) {
    return `verify ${check.path} (sha256 and size of every file${check.max_age !== void 0 ? `, younger than ${human(check.max_age)}` : ""})`;
  }
};
function within(p, dir) {
  const rel = path.relative(dir, p);
  return rel === "" || rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}
async function confinement(fs, dir) {
  const lexical = path.resolve(dir);
  const realpath = fs.realpath?.bind(fs);
  const real = realpath && await realpath(lexical) || lexical;
  return {
    async holds(p) {
      const abs = path.resolve(p);
      if (!within(abs, lexical)) return false;
      if (!realpath) return true;
      for (let head = abs, rest = ""; ; ) {
        const resolved = await realpath(head);
        if (resolved !== null) return within(path.join(resolved, rest), real);
        const parent = path.dirname(head);
        if (parent === head) return true;
        rest = path.join(path.basename(head), rest);
        head = parent;
      }
    }
  };
}

// src/gate/checks/command.ts
import path2 from "node:path";

// src/gate/types.ts
var DeadlineReached = class extends Error {
  constructor(timeoutMs) {
    super(`time limit of ${timeoutMs} ms reached`);
    this.timeoutMs = timeoutMs;
    this.name = "DeadlineReached";
  }
  timeoutMs;
};
function isDeadline(reason) {
  return reason instanceof DeadlineReached;
}

// src/gate/checks/command.ts
var TAIL_LINES = 20;
var KILL_GRACE_MS = 3e3;
var commandCheck = {
  async run(check, ctx) {
    const env = {};
    for (const [k, v] of Object.entries(check.env ?? {})) {
      const r = expandEnv(v, ctx.env, ctx.redactor, { secret: isCredentialName(k) });
      if ("missing" in r) {
        return { ok: false, detail: `env.${k}: environment variable ${r.missing} is not set` };
      }
      env[k] = r.value;
    }
    const cwd = path2.resolve(ctx.cwd, check.cwd ?? ".");
    if (!await ctx.fs.stat(cwd)) return { ok: false, detail: `cwd ${check.cwd ?? cwd}: no such directory` };
    const timeoutMs = Math.max(1, ctx.deadline - ctx.clock.now());
    const res = await ctx.process.run({
      argv: check.run,
      shell: check.shell,
      env,
      cwd,
      timeoutMs,
      killGraceMs: KILL_GRACE_MS,
      signal: ctx.signal,
      tailLines: TAIL_LINES,
      mask: ctx.redactor
    });
    const tail = res.tail.map((l) => ctx.redactor.redact(l));
    const timedOut = res.timedOut || res.cancelled && isDeadline(ctx.signal.reason);
    const how = res.spawnError ? ctx.redactor.redact(res.spawnError) : timedOut ? `timed out after ${human(ctx.timeoutMs)} (process group killed)` : res.cancelled ? "cancelled (process group killed)" : res.signal ? `killed by ${res.signal}` : `exit code ${res.exitCode}`;
    const ok = !timedOut && !res.cancelled && !res.spawnError && res.exitCode === 0;
    const last = [...tail].reverse().find((l) => l.trim() !== "");
    return {
      ok,
      detail: ok || !last ? how : `${how}: ${clip(ctx.redactor, last, 160)}`,
      limits: [{ what: "exit code", value: res.exitCode, limit: 0, ok }],
      tail,
      timedOut,
      data: {
        exit_code: res.exitCode,
        signal: res.signal,
        timed_out: timedOut,
        cancelled: res.cancelled && !timedOut,
        duration_ms: Math.round(res.durationMs),
        ...res.spawnError ? { spawn_error: res.spawnError } : {}
      }
    };
  },
  describe(check) {
    return check.shell ? `sh -c ${JSON.stringify(check.run.join(" "))}` : check.run.map(quoteForDisplay).join(" ");
  }
};
function quoteForDisplay(arg) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

// src/gate/checks/freeze.ts
var DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
function localTime(ms2, timeZone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  }).formatToParts(new Date(ms2));
  const get = (type) => parts.find((p) => p.type === type)?.value ?? "";
  const day = get("weekday").slice(0, 3).toLowerCase();
  const hour = Number(get("hour")) % 24;
  const minute = Number(get("minute"));
  const hh = String(hour).padStart(2, "0");
  const mm = String(minute).padStart(2, "0");
  return { day, minutes: hour * 60 + minute, text: `${get("weekday")} ${hh}:${mm}` };
}
var toMinutes = (hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
function windowCovers(w, t) {
  const from = w.from ? toMinutes(w.from) : 0;
  const to = w.to ? toMinutes(w.to) : 24 * 60;
  const onDay = (d) => !w.days || w.days.includes(d);
  if (from < to) return onDay(t.day) && t.minutes >= from && t.minutes < to;
  const previous = DAYS[(DAYS.indexOf(t.day) + 6) % 7];
  return onDay(t.day) && t.minutes >= from || onDay(previous) && t.minutes < to;
}
function describeWindow(w) {
  const days = w.days ? w.days.join(",") : "every day";
  return w.from || w.to ? `${days} ${w.from ?? "00:00"}-${w.to ?? "24:00"}` : days;
}
var freezeCheck = {
  async run(check, ctx) {
    const now = ctx.clock.now();
    const t = localTime(now, check.timezone);
    const at = `${t.text} ${check.timezone}`;
    const hits = check.deny.filter((w) => windowCovers(w, t)).map(describeWindow);
    const data = {
      now_utc: new Date(now).toISOString(),
      local_time: at,
      deny_windows_hit: hits,
      override_requested: ctx.freezeOverride ?? null
    };
    const limit = {
      what: "local time",
      value: at,
      limit: `outside ${check.deny.map(describeWindow).join("; ")}`
    };
    if (hits.length === 0) {
      return {
        ok: true,
        detail: `${at} is outside every deny window${ctx.freezeOverride ? " (override not needed)" : ""}`,
        limits: [{ ...limit, ok: true }],
        data
      };
    }
    const inside = `${at} is inside deny window ${hits.join("; ")}`;
    const sev = ctx.freezeOverride;
    if (sev && check.allow_override_for.includes(sev)) {
      const override = { severity: sev, windows: hits, at: data.now_utc, local_time: at };
      return {
        ok: true,
        detail: `${inside}: overridden by a severity ${sev} hotfix`,
        limits: [{ ...limit, ok: false }],
        override,
        data: { ...data, override }
      };
    }
    const allowed = check.allow_override_for.join(" or ");
    const hint = sev ? `; override severity ${sev} is not allowed (allowed: ${allowed || "none"})` : allowed ? `; only a severity ${allowed} hotfix may override it (input freeze-override)` : "";
    return { ok: false, detail: inside + hint, limits: [{ ...limit, ok: false }], data };
  },
  describe(check, deps) {
    const windows = check.deny.map(describeWindow).join("; ");
    const override = deps.freezeOverride ? `, override severity ${deps.freezeOverride}` : "";
    return `freeze: deny ${windows} (${check.timezone})${override}`;
  }
};

// src/gate/checks/git.ts
import path3 from "node:path";

// src/gate/glob.ts
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        re += ".*";
        i++;
      } else {
        re += "[^/]*";
      }
    } else if (c === "?") {
      re += "[^/]";
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}
function globMatch(glob, value) {
  return globToRegExp(glob).test(value);
}

// src/gate/checks/git.ts
var SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
var SHOW_CHANGES = 5;
var gitCheck = {
  async run(check, ctx) {
    const cwd = path3.resolve(ctx.cwd, check.cwd ?? ".");
    const limits = [];
    const problems = [];
    const good = [];
    const data = { cwd: check.cwd ?? "." };
    if (!await ctx.fs.stat(cwd))
      return { ok: false, detail: `cwd ${check.cwd ?? cwd}: no such directory`, data };
    if (check.branch !== void 0) {
      const r = await git(ctx, cwd, ["branch", "--show-current"]);
      if (r.error) return { ok: false, detail: r.error, data, timedOut: r.timedOut };
      let branch = r.lines[0]?.trim() ?? "";
      let source = "git branch --show-current";
      if (!branch) {
        const fromEnv = ctx.env.GITHUB_HEAD_REF || (ctx.env.GITHUB_REF?.startsWith("refs/heads/") ? ctx.env.GITHUB_REF.slice("refs/heads/".length) : "");
        if (fromEnv) {
          branch = fromEnv;
          source = ctx.env.GITHUB_HEAD_REF ? "GITHUB_HEAD_REF (detached HEAD)" : "GITHUB_REF (detached HEAD)";
        }
      }
      const ok = branch !== "" && globMatch(check.branch, branch);
      data.branch = branch || null;
      data.branch_source = branch ? source : "detached HEAD";
      limits.push({ what: "branch", value: branch || null, limit: check.branch, ok });
      if (ok) good.push(`branch ${branch} matches ${check.branch}`);
      else
        problems.push(
          branch ? `branch ${branch} does not match ${check.branch}` : `detached HEAD, expected a branch matching ${check.branch}`
        );
    }
    if (check.clean) {
      const r = await git(ctx, cwd, ["status", "--porcelain"]);
      if (r.error) return { ok: false, detail: r.error, data, timedOut: r.timedOut };
      const changes = r.lines.filter((l) => l.trim() !== "");
      data.uncommitted = changes.slice(0, 100);
      data.uncommitted_count = r.count;
      limits.push({ what: "uncommitted changes", value: r.count, limit: 0, ok: r.count === 0 });
      if (r.count === 0) good.push("working tree clean");
      else {
        const shown = changes.slice(0, SHOW_CHANGES).map((l) => l.trim()).join(", ");
        problems.push(
          `${r.count} uncommitted change${r.count === 1 ? "" : "s"} (${shown}${r.count > SHOW_CHANGES ? ", \u2026" : ""})`
        );
      }
    }
    if (check.semver_tag) {
      const r = await git(ctx, cwd, ["tag", "--points-at", "HEAD"]);
      if (r.error) return { ok: false, detail: r.error, data, timedOut: r.timedOut };
      const tags = r.lines.map((l) => l.trim()).filter(Boolean);
      const semver = tags.filter((t) => SEMVER.test(t));
      data.tags_at_head = tags;
      limits.push({
        what: "semver tag at HEAD",
        value: semver[0] ?? null,
        limit: "vMAJOR.MINOR.PATCH",
        ok: semver.length > 0
      });
      if (semver.length > 0) good.push(`HEAD tagged ${semver.join(", ")}`);
      else
        problems.push(tags.length ? `HEAD has no semver tag (tags: ${tags.join(", ")})` : "HEAD has no tag");
    }
    if (limits.length === 0)
      return { ok: true, detail: "nothing to verify (branch, clean and semver_tag all off)", data };
    return {
      ok: problems.length === 0,
      detail: clip(ctx.redactor, problems.length ? problems.join("; ") : good.join(", "), 300),
      limits,
      data
    };
  },
  describe(check) {
    const parts = [];
    if (check.branch !== void 0) parts.push(`git branch --show-current matches ${check.branch}`);
    if (check.clean) parts.push("git status --porcelain is empty");
    if (check.semver_tag) parts.push("git tag --points-at HEAD has a semver tag");
    return parts.join("; ") || "nothing";
  }
};
async function git(ctx, cwd, args) {
  const lines = [];
  const errors = [];
  let count = 0;
  const res = await ctx.process.run({
    argv: ["git", ...args],
    cwd,
    env: { GIT_OPTIONAL_LOCKS: "0", GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
    timeoutMs: Math.max(1, ctx.deadline - ctx.clock.now()),
    killGraceMs: 1e3,
    signal: ctx.signal,
    tailLines: 5,
    mask: ctx.redactor,
    onLine: (line, stream) => {
      if (stream === "stderr") {
        if (errors.length < 5) errors.push(line);
        return;
      }
      if (line === "") return;
      count++;
      if (lines.length < 1e3) lines.push(line);
    }
  });
  if (res.spawnError) return { lines, count, error: `git ${args[0]}: ${res.spawnError}` };
  if (res.timedOut || res.cancelled) {
    return { lines, count, timedOut: res.timedOut, error: `git ${args.join(" ")} did not finish in time` };
  }
  if (res.exitCode !== 0) {
    const why = errors.find((e) => e.trim()) ?? `exit code ${res.exitCode}`;
    return { lines, count, error: `git ${args.join(" ")} failed in ${cwd}: ${clip(ctx.redactor, why, 160)}` };
  }
  return { lines, count };
}

// src/gate/checks/github-checks.ts
var list = (items) => items.map((i) => `${i.name} (${i.raw})`).join(", ");
var githubChecksCheck = {
  async run(check, ctx) {
    if (!ctx.github) {
      return {
        ok: false,
        detail: "needs the GitHub API but no token was given: set input github-token (default github.token, with checks: read and statuses: read) or GITHUB_TOKEN in a terminal"
      };
    }
    const ref = check.ref ?? ctx.sha;
    if (!ref) {
      return {
        ok: false,
        detail: "no commit to inspect: set ref, input sha, or run it in a workflow (GITHUB_SHA)"
      };
    }
    const ignore = /* @__PURE__ */ new Set([...check.ignore, ...ctx.selfNames]);
    const started = ctx.clock.now();
    const waitUntil = started + check.wait;
    let polls = 0;
    for (; ; ) {
      polls++;
      const [runs, statuses] = await Promise.all([
        ctx.github.listCheckRuns(ref),
        ctx.github.listCommitStatuses(ref)
      ]);
      const classified = classify(runs, statuses, ignore);
      const items = classified.items;
      const ignored = [...new Set(classified.ignored.map((i) => i.name))].sort();
      const red = items.filter((i) => i.state === "red");
      const pending = items.filter((i) => i.state === "pending");
      const green = items.filter((i) => i.state === "green");
      const waited = ctx.clock.now() - started;
      const data = {
        ref,
        polls,
        waited_ms: waited,
        check_runs: items.filter((i) => i.kind === "check_run"),
        statuses: items.filter((i) => i.kind === "status"),
        ignored
      };
      const limits = [
        { what: "red", value: red.length, limit: 0, ok: red.length === 0 },
        { what: "pending", value: pending.length, limit: 0, ok: pending.length === 0 }
      ];
      const short = ref.length === 40 ? ref.slice(0, 7) : ref;
      if (red.length > 0) {
        return {
          ok: false,
          detail: clip(ctx.redactor, `${red.length} red on ${short}: ${list(red)}`, 300),
          limits,
          data
        };
      }
      if (pending.length === 0) {
        if (items.length === 0) {
          return check.allow_none ? { ok: true, detail: `no check runs or commit statuses on ${short} (allow_none)`, limits, data } : {
            ok: false,
            detail: `no check runs or commit statuses on ${short}: nothing says it is green (set allow_none: true to accept that)`,
            limits: [...limits, { what: "checks", value: 0, limit: 1, ok: false }],
            data
          };
        }
        const runsN = data.check_runs.length;
        const statusesN = data.statuses.length;
        const notable = green.filter((i) => i.raw === "skipped" || i.raw === "neutral");
        return {
          ok: true,
          detail: clip(
            ctx.redactor,
            `${green.length} green on ${short}: ${runsN} check run${runsN === 1 ? "" : "s"}, ${statusesN} status${statusesN === 1 ? "" : "es"}` + (notable.length ? ` (${list(notable)})` : "") + (polls > 1 ? `, after waiting ${human(waited)}` : ""),
            300
          ),
          limits,
          data
        };
      }
      if (ctx.clock.now() + check.poll_interval > waitUntil) {
        return {
          ok: false,
          detail: clip(
            ctx.redactor,
            `${pending.length} still pending on ${short} after ${human(waited)}: ${list(pending)}`,
            300
          ),
          limits,
          data
        };
      }
      ctx.logger.info(
        `${pending.length} check(s) pending on ${short} (${list(pending)}); next look in ${human(check.poll_interval)}`
      );
      await ctx.clock.sleep(check.poll_interval, ctx.signal);
    }
  },
  describe(check, deps) {
    const ref = check.ref ?? deps.sha ?? "(the workflow sha)";
    return `GitHub check runs and commit statuses on ${ref} all green (wait up to ${human(check.wait)}${check.allow_none ? ", none allowed" : ""})`;
  },
  /** Long enough to wait `wait` and look once more. */
  defaultTimeoutMs: (check) => Math.max(3e5, check.wait + check.poll_interval + 6e4)
};

// src/gate/checks/http.ts
import { setMaxListeners } from "node:events";

// src/gate/stats.ts
function percentile(sortedAsc, p) {
  if (sortedAsc.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p / 100 * sortedAsc.length));
  return sortedAsc[Math.min(rank, sortedAsc.length) - 1];
}
function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return {
    count: s.length,
    min: s[0] ?? null,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? null,
    mean
  };
}

// src/gate/checks/http.ts
var httpCheck = {
  async run(check, ctx) {
    const url = expandEnv(check.url, ctx.env, ctx.redactor);
    if ("missing" in url) return missing("url", url.missing);
    const headers = {};
    for (const [k, v] of Object.entries(check.headers ?? {})) {
      const r = expandEnv(v, ctx.env, ctx.redactor, { secret: isCredentialHeader(k) });
      if ("missing" in r) return missing(`headers.${k}`, r.missing);
      headers[k] = r.value;
    }
    const tolerated = check.consecutive_failures ?? 0;
    const samples = [];
    let sent = 0;
    let run = 0;
    let longest = 0;
    let stopped = null;
    const local = new AbortController();
    setMaxListeners(check.concurrency + 10, local.signal);
    const onAbort = () => local.abort(ctx.signal.reason);
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener("abort", onAbort, { once: true });
    const started = ctx.clock.now();
    const one = async (i) => {
      const remaining = ctx.deadline - ctx.clock.now() + 1e3;
      const timeoutMs = Math.max(1, Math.min(check.request_timeout, remaining));
      try {
        const res = await ctx.http.request({
          method: check.method,
          url: url.value,
          headers,
          body: check.body,
          timeoutMs,
          signal: local.signal
        });
        const reason = judge(check, res.status, res.body, ctx.redactor);
        return {
          i,
          status: res.status,
          ms: res.durationMs,
          ok: reason === null,
          ...reason ? { reason } : {}
        };
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        const reason = err.code === "timeout" ? `no complete response within ${human(timeoutMs)}` : err.code === "aborted" ? "request aborted" : `network error ${err.message}`;
        return { i, status: null, ms: err.durationMs, ok: false, reason: ctx.redactor.redact(reason) };
      }
    };
    const worker = async (k) => {
      if (k > 0) await ctx.clock.sleep(k, local.signal).catch(() => void 0);
      let first = true;
      for (; ; ) {
        if (!first && check.concurrency > 1) await new Promise((r) => setImmediate(r));
        first = false;
        if (stopped !== null || sent >= check.samples || ctx.signal.aborted) break;
        const s = await one(sent++);
        samples.push(s);
        run = s.ok ? 0 : run + 1;
        longest = Math.max(longest, run);
        if (run > tolerated) stopped = `${run} consecutive failed sample${run === 1 ? "" : "s"}`;
      }
    };
    try {
      await Promise.all(
        Array.from({ length: Math.min(check.concurrency, check.samples) }, (_, k) => worker(k))
      );
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
    }
    const elapsed = ctx.clock.now() - started;
    samples.sort((a, b) => a.i - b.i);
    const answered = samples.filter((s) => s.status !== null).map((s) => s.ms);
    const stats = summarize(answered);
    const okCount = samples.filter((s) => s.ok).length;
    const limits = [
      { what: "consecutive failures", value: longest, limit: tolerated, ok: longest <= tolerated }
    ];
    for (const [key, what, value] of [
      ["p95_ms", "p95", stats.p95],
      ["p99_ms", "p99", stats.p99],
      ["max_ms", "max", stats.max]
    ]) {
      const limit = check[key];
      if (limit !== void 0)
        limits.push({ what, value, limit, unit: "ms", ok: value !== null && value <= limit });
    }
    const data = {
      url: check.url,
      method: check.method,
      expect_status: check.expect_status,
      samples_planned: check.samples,
      samples_sent: samples.length,
      samples_ok: okCount,
      stopped_early: stopped,
      elapsed_ms: Math.round(elapsed),
      latency_ms: roundStats(stats),
      percentile_method: "nearest-rank",
      samples: samples.map((s) => ({ ...s, ms: Math.round(s.ms * 10) / 10 }))
    };
    const firstBad = samples.find((s) => !s.ok);
    const broken = limits.filter((l) => !l.ok);
    const budgets = limits.slice(1);
    let detail;
    if (ctx.signal.aborted) {
      return { ok: false, detail: `stopped after ${samples.length}/${check.samples} samples`, limits, data };
    }
    if (longest > tolerated) {
      const where = check.samples > 1 ? `sample ${firstBad.i + 1}: ` : "";
      detail = tolerated === 0 ? `${where}${firstBad.reason}` : `${longest} consecutive failures > ${tolerated} tolerated (first: ${firstBad.reason})`;
      const budgetBroken = budgets.filter((l) => !l.ok);
      if (budgetBroken.length) detail += `; ${budgetBroken.map(formatLimit).join(", ")}`;
    } else if (broken.length > 0) {
      detail = broken.map(formatLimit).join(", ");
    } else {
      const parts = [];
      if (check.samples > 1) parts.push(`${okCount}/${samples.length} ok`);
      else if (samples[0]) parts.push(`status ${samples[0].status} in ${ms(samples[0].ms)}`);
      if (budgets.length) parts.push(...budgets.map(formatLimit));
      else if (check.samples > 1 && stats.p95 !== null) parts.push(`p95 ${ms(stats.p95)}`);
      detail = parts.join(", ");
    }
    return {
      ok: broken.length === 0,
      detail: clip(ctx.redactor, detail, 300),
      limits,
      data
    };
  },
  describe(check) {
    const parts = [`${check.method} ${check.url}`];
    if (check.samples > 1) parts.push(`\xD7${check.samples} (concurrency ${check.concurrency})`);
    parts.push(`expect ${statusSet(check.expect_status)}`);
    for (const a of check.expect_json ?? []) parts.push(`${a.path} == ${JSON.stringify(a.equals)}`);
    for (const [key, what] of [
      ["p95_ms", "p95"],
      ["p99_ms", "p99"],
      ["max_ms", "max"]
    ]) {
      if (check[key] !== void 0) parts.push(`${what} \u2264 ${check[key]} ms`);
    }
    return parts.join(", ");
  }
};
function missing(key, variable) {
  return { ok: false, detail: `${key}: environment variable ${variable} is not set` };
}
function statusSet(codes) {
  return codes.length === 1 ? `status ${codes[0]}` : `status ${codes.slice(0, -1).join(", ")} or ${codes.at(-1)}`;
}
function judge(check, status, body, redactor) {
  if (!check.expect_status.includes(status))
    return `status ${status}, expected ${statusSet(check.expect_status).slice(7)}`;
  if (!check.expect_json?.length) return null;
  let doc;
  try {
    doc = JSON.parse(body);
  } catch {
    return `body is not JSON (${clip(redactor, body, 60) || "empty"})`;
  }
  for (const a of check.expect_json) {
    const found = getPath(doc, a.path);
    if (!found.found) return `body has no ${a.path}, expected ${JSON.stringify(a.equals)}`;
    if (found.value !== a.equals) {
      return `body ${a.path} = ${clip(redactor, JSON.stringify(found.value) ?? "undefined", 60)}, expected ${JSON.stringify(a.equals)}`;
    }
  }
  return null;
}
function getPath(doc, path5) {
  let cur = doc;
  for (const m of path5.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const key = m[1] ?? m[2];
    if (cur === null || typeof cur !== "object") return { found: false };
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(key) || Number(key) >= cur.length) return { found: false };
      cur = cur[Number(key)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, key)) return { found: false };
      cur = cur[key];
    }
  }
  return { found: true, value: cur };
}
function roundStats(s) {
  const r = (v) => v === null ? null : Math.round(v * 10) / 10;
  return {
    count: s.count,
    min: r(s.min),
    p50: r(s.p50),
    p95: r(s.p95),
    p99: r(s.p99),
    max: r(s.max),
    mean: r(s.mean)
  };
}

// src/gate/checks/index.ts
var CHECKS = {
  command: commandCheck,
  http: httpCheck,
  git: gitCheck,
  freeze: freezeCheck,
  "github-checks": githubChecksCheck,
  "backup-manifest": backupManifestCheck
};
function implFor(check) {
  return CHECKS[check.type];
}

// src/gate/run.ts
var DEFAULT_CHECK_TIMEOUT_MS = 5 * 6e4;
var MAX_RETRY_DELAY_MS = 3e4;
var DEFAULT_SETTLE_MS = 5e3;
function timeoutOf(check) {
  return check.timeout ?? implFor(check).defaultTimeoutMs?.(check) ?? DEFAULT_CHECK_TIMEOUT_MS;
}
function describeCheck(check, deps) {
  return implFor(check).describe(check, deps);
}
async function runGate(gate, deps, opts = {}) {
  const started = deps.clock.now();
  const jobCtl = new AbortController();
  setMaxListeners2(gate.concurrency + 10, jobCtl.signal);
  const onJobAbort = () => jobCtl.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onJobAbort();
  else deps.signal?.addEventListener("abort", onJobAbort, { once: true });
  const checkDeps = { ...deps, signal: jobCtl.signal };
  const verdicts = new Array(gate.checks.length);
  let next = 0;
  const worker = async () => {
    while (next < gate.checks.length) {
      const i = next++;
      const check = gate.checks[i];
      let v;
      try {
        v = await runCheck(check, i, checkDeps);
      } catch (err) {
        v = blank(check, i, "fail", `internal error: ${errorMessage(err)}`);
      }
      verdicts[i] = v;
      opts.onVerdict?.(v);
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(gate.concurrency, gate.checks.length)) }, worker)
    );
  } finally {
    deps.signal?.removeEventListener("abort", onJobAbort);
  }
  const finished = deps.clock.now();
  const cancelled = jobCtl.signal.aborted;
  const failed = verdicts.filter((v) => v.verdict === "fail").map((v) => v.name);
  const warned = verdicts.filter((v) => v.verdict === "warn").map((v) => v.name);
  return {
    result: failed.length === 0 && !cancelled ? "PASS" : "FAIL",
    verdicts,
    failed,
    warned,
    cancelled,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    concurrency: gate.concurrency
  };
}
function blank(check, index, verdict, detail) {
  return {
    index,
    name: check.name,
    type: check.type,
    severity: check.severity,
    verdict: check.severity === "warning" && verdict === "fail" ? "warn" : verdict,
    detail,
    timedOut: false,
    limits: [],
    tail: [],
    data: {},
    attempts: [],
    override: null,
    timeoutMs: timeoutOf(check),
    startedAt: null,
    durationMs: 0
  };
}
var STOPPED = /* @__PURE__ */ Symbol("stopped");
function untilAbort(p, signal) {
  if (signal.aborted) return Promise.resolve(STOPPED);
  return new Promise((resolve) => {
    const onAbort = () => resolve(STOPPED);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then((v) => {
      signal.removeEventListener("abort", onAbort);
      resolve(v);
    });
  });
}
function within2(p, ms2) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(void 0), ms2);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    });
  });
}
async function runCheck(check, index, deps) {
  const { clock, redactor } = deps;
  if (deps.signal?.aborted) return blank(check, index, "skipped", "not run: the job was cancelled");
  const impl = implFor(check);
  const timeoutMs = timeoutOf(check);
  const settleMs = deps.settleMs ?? DEFAULT_SETTLE_MS;
  const ctl = new AbortController();
  const onParentAbort = () => ctl.abort(new CancelledError("the job was cancelled"));
  deps.signal?.addEventListener("abort", onParentAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(new DeadlineReached(timeoutMs)), Math.min(timeoutMs, 2 ** 31 - 1));
  const started = clock.now();
  const deadline = started + timeoutMs;
  deps.logger.info(`\u25B6 ${check.name} (${check.type})`);
  const attempts = [];
  let outcome = { ok: false, detail: "" };
  let stopped = false;
  try {
    for (let attempt = 1; ; attempt++) {
      const aStart = clock.now();
      const p = impl.run(check, { ...deps, signal: ctl.signal, deadline, timeoutMs, attempt }).catch((err) => {
        if (!isUserFacing(err)) deps.logger.debug(`${check.name}: ${err?.stack ?? String(err)}`);
        return {
          ok: false,
          threw: true,
          detail: isUserFacing(err) ? err.message : `internal error: ${errorMessage(err)}`
        };
      });
      const first = await untilAbort(p, ctl.signal);
      if (first === STOPPED) {
        stopped = true;
        outcome = await within2(p, settleMs) ?? { ok: false, detail: "" };
      } else {
        outcome = first;
      }
      attempts.push({
        attempt,
        ok: outcome.ok && !stopped,
        detail: redactor.redact(outcome.detail),
        started_at: new Date(aStart).toISOString(),
        duration_ms: clock.now() - aStart,
        timed_out: stopped ? isDeadline(ctl.signal.reason) : Boolean(outcome.timedOut)
      });
      if (stopped || outcome.ok || outcome.timedOut || attempt > check.retries) break;
      const pause = Math.min(check.retry_delay * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
      if (clock.now() + pause >= deadline) break;
      deps.logger.info(
        `\u21BB ${check.name}: attempt ${attempt} failed (${redactor.redact(outcome.detail)}); retrying in ${human(pause)}`
      );
      try {
        await clock.sleep(pause, ctl.signal);
      } catch {
        stopped = true;
        break;
      }
    }
  } finally {
    clearTimeout(timer);
    deps.signal?.removeEventListener("abort", onParentAbort);
  }
  const timedOut = stopped && isDeadline(ctl.signal.reason) || Boolean(outcome.timedOut);
  const cancelled = stopped && !timedOut;
  let detail = outcome.detail;
  if (timedOut && !outcome.timedOut) {
    const seen = outcome.threw || !outcome.detail ? "" : ` (${outcome.detail})`;
    detail = `timed out after ${human(timeoutMs)}${seen}`;
  } else if (cancelled && !outcome.detail.startsWith("cancelled")) {
    detail = `cancelled${outcome.detail && !outcome.threw ? ` (${outcome.detail})` : ""}`;
  }
  const ok = outcome.ok && !stopped;
  if (attempts.length > 1) {
    detail += ok ? ` (passed on attempt ${attempts.length})` : ` (${attempts.length} attempts)`;
  }
  const verdict = {
    index,
    name: check.name,
    type: check.type,
    severity: check.severity,
    verdict: ok ? "pass" : check.severity === "warning" ? "warn" : "fail",
    detail: redactor.redact(detail),
    timedOut,
    limits: outcome.limits ?? [],
    tail: (outcome.tail ?? []).map((l) => redactor.redact(l)),
    data: outcome.data ?? {},
    attempts,
    override: outcome.override ?? null,
    timeoutMs,
    startedAt: new Date(started).toISOString(),
    durationMs: clock.now() - started
  };
  const icon = { pass: "\u2713", fail: "\u2717", warn: "!", skipped: "-" }[verdict.verdict];
  deps.logger.info(
    `${icon} ${check.name}: ${verdict.verdict.toUpperCase()} \u2014 ${verdict.detail} (${human(verdict.durationMs)})`
  );
  return verdict;
}

// src/gate/evidence.ts
var EVIDENCE_PREFIX = "gate_report";
function gateEvidence(checks, result, facts) {
  return {
    kind: "readiness-gate",
    result: result.result,
    started_at: result.startedAt,
    finished_at: result.finishedAt,
    duration_ms: result.durationMs,
    cancelled: result.cancelled,
    failed: result.failed,
    warned: result.warned,
    run: {
      host: facts.host,
      sha: facts.sha,
      repository: facts.repository ?? null,
      ref: facts.ref ?? null,
      event: facts.eventName ?? null,
      actor: facts.actor ?? null,
      run_url: facts.runUrl ?? null
    },
    settings: {
      config_file: facts.configFile,
      concurrency: result.concurrency,
      check_name: facts.checkName,
      freeze_override: facts.freezeOverride
    },
    overrides: result.verdicts.filter((v) => v.override).map((v) => ({ check: v.name, ...v.override })),
    checks: result.verdicts.map((v) => ({
      name: v.name,
      type: v.type,
      severity: v.severity,
      config_line: facts.configLines[v.index] ?? null,
      settings: checks[v.index],
      verdict: v.verdict,
      detail: v.detail,
      timed_out: v.timedOut,
      timeout_ms: v.timeoutMs,
      started_at: v.startedAt,
      duration_ms: v.durationMs,
      limits: v.limits,
      attempts: v.attempts,
      override: v.override,
      ...v.tail.length ? { output_tail: v.tail } : {},
      measurements: v.data
    })),
    github: facts.github
  };
}

// src/gate/hash.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
var sha256File = async (file, signal) => {
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    createReadStream(file, { highWaterMark: 1 << 20 }),
    async (source) => {
      for await (const chunk of source) {
        size += chunk.length;
        hash.update(chunk);
      }
    },
    { signal }
  );
  return { sha256: hash.digest("hex"), size };
};

// src/gate/publish.ts
var MAX_SUMMARY = 65e3;
var MAX_ANNOTATIONS = 50;
function shorten(text, max) {
  const one = text.replace(/\s+/g, " ").trim();
  if (one.length <= max) return one;
  const cut = Math.max(one.lastIndexOf(", ", max - 1), one.lastIndexOf("; ", max - 1));
  return cut > 0 ? `${one.slice(0, cut)}, \u2026` : "\u2026";
}
async function publishGateStatus(github, opts) {
  const { result } = opts;
  const passed = result.verdicts.filter((v) => v.verdict === "pass").length;
  const title = `${result.result}: ${passed}/${result.verdicts.length} checks passed` + (result.failed.length ? `; failed: ${result.failed.join(", ")}` : "") + (result.warned.length ? `; warnings: ${result.warned.join(", ")}` : "");
  const annotations = opts.configPath ? result.verdicts.filter((v) => v.verdict === "fail" || v.verdict === "warn").slice(0, MAX_ANNOTATIONS).map((v) => {
    const line = opts.lineOf(v.index);
    return {
      path: opts.configPath,
      startLine: line,
      endLine: line,
      level: v.verdict === "warn" ? "warning" : "failure",
      title: `${v.name} (${v.type}): ${v.verdict.toUpperCase()}${v.timedOut ? " (timeout)" : ""}`,
      message: v.detail
    };
  }) : [];
  const summary = opts.summaryMarkdown.length > MAX_SUMMARY ? opts.summaryMarkdown.slice(0, MAX_SUMMARY) + "\n\n\u2026(truncated)" : opts.summaryMarkdown;
  try {
    const run = await github.createCheckRun({
      name: opts.name,
      headSha: opts.sha,
      status: "completed",
      conclusion: result.result === "PASS" ? "success" : "failure",
      title: shorten(title, 250),
      summary,
      annotations,
      ...opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}
    });
    return {
      record: {
        kind: "check_run",
        name: opts.name,
        sha: opts.sha,
        id: run.id,
        url: run.htmlUrl,
        annotations: annotations.length
      },
      note: `Check run "${opts.name}" created on ${opts.sha.slice(0, 7)} (${annotations.length} annotation${annotations.length === 1 ? "" : "s"})${run.htmlUrl ? `: ${run.htmlUrl}` : ""}`
    };
  } catch (err) {
    if (!(err instanceof ExternalError && err.status === 403)) {
      return {
        record: { kind: "none", error: errorMessage(err) },
        note: `Check run "${opts.name}" could not be created: ${errorMessage(err)}`
      };
    }
    try {
      await github.createCommitStatus(opts.sha, {
        state: result.result === "PASS" ? "success" : "failure",
        context: opts.name,
        description: shorten(title, 140),
        ...opts.detailsUrl ? { targetUrl: opts.detailsUrl } : {}
      });
      return {
        record: { kind: "commit_status", name: opts.name, sha: opts.sha, check_run_error: errorMessage(err) },
        note: `The token may not create check runs (403; grant checks: write for annotations): reported commit status "${opts.name}" on ${opts.sha.slice(0, 7)} instead`
      };
    } catch (err2) {
      return {
        record: { kind: "none", check_run_error: errorMessage(err), status_error: errorMessage(err2) },
        note: `Neither a check run nor a commit status could be created (grant checks: write or statuses: write): ${errorMessage(err2)}`
      };
    }
  }
}

// src/gate/report.ts
var REPORT_TITLE = "Readiness gate";
var TABLE_HEADING = "Go-Live Checklist Summary";
var RESULT_LABEL = "Go-live checklist result";
function resultCell(v) {
  const base = v.verdict.toUpperCase();
  return v.timedOut ? `${base} (timeout)` : base;
}
function summaryTable(verdicts) {
  return {
    kind: "table",
    headers: ["Check", "Result", "Duration", "Detail"],
    rows: verdicts.map((v) => [v.name, resultCell(v), v.startedAt ? human(v.durationMs) : "-", v.detail])
  };
}
function gateReport(result, opts = {}) {
  const blocks = [{ kind: "heading", text: TABLE_HEADING }, summaryTable(result.verdicts)];
  const counts = ["pass", "fail", "warn", "skipped"].map((k) => [k, result.verdicts.filter((v) => v.verdict === k).length]).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
  blocks.push({
    kind: "text",
    text: `${result.verdicts.length} check${result.verdicts.length === 1 ? "" : "s"} in ${human(result.durationMs)} (at most ${result.concurrency} at a time): ${counts.join(", ")}.`
  });
  const overrides = result.verdicts.filter((v) => v.override);
  if (overrides.length) {
    blocks.push({ kind: "heading", text: "Freeze overrides", level: 3 });
    blocks.push({
      kind: "list",
      items: overrides.map(
        (v) => `${v.name}: deny window ${v.override.windows.join("; ")} at ${v.override.local_time} overridden by a severity ${v.override.severity} hotfix (${v.override.at})`
      )
    });
  }
  for (const v of result.verdicts) {
    if ((v.verdict === "fail" || v.verdict === "warn") && v.tail.length > 0) {
      blocks.push({ kind: "heading", text: `${v.name}: last ${v.tail.length} lines of output`, level: 3 });
      blocks.push({ kind: "code", text: v.tail.join("\n") });
    }
  }
  if (result.cancelled)
    blocks.push({ kind: "text", text: "The job was cancelled: checks still running were stopped." });
  if (opts.notes?.length) {
    blocks.push({ kind: "heading", text: "GitHub", level: 3 });
    blocks.push({ kind: "list", items: opts.notes });
  }
  if (opts.evidencePath) blocks.push({ kind: "text", text: `Evidence: ${opts.evidencePath}` });
  blocks.push({ kind: "result", label: RESULT_LABEL, value: result.result, ok: result.result === "PASS" });
  return { title: REPORT_TITLE, blocks };
}
function dryRunReport(rows, notes = []) {
  const blocks = [
    { kind: "heading", text: TABLE_HEADING },
    { kind: "list", items: rows.map((r) => `${r.name} ... DRY-RUN ${r.what}`) },
    { kind: "text", text: "Nothing was run and no evidence was written." }
  ];
  if (notes.length)
    blocks.push({ kind: "heading", text: "GitHub", level: 3 }, { kind: "list", items: notes });
  blocks.push({ kind: "result", label: RESULT_LABEL, value: "DRY-RUN", ok: null });
  return { title: REPORT_TITLE, blocks };
}

// src/commands/gate.ts
var inputs = {
  ...COMMON_INPUTS,
  "check-name": {
    description: "Name of the check run (or commit status) the gate reports on the commit",
    default: "readiness-gate",
    placeholder: "NAME"
  },
  "freeze-override": {
    description: "Severity of the hotfix being deployed; inside a freeze window, a severity listed in the freeze check's allow_override_for (default high, critical) passes, and the override is recorded",
    default: "",
    kind: "enum",
    values: ["low", "medium", "high", "critical"],
    placeholder: "SEVERITY"
  },
  sha: {
    description: "Commit to report on and to inspect with github-checks (default: the tag's commit, then the pull request head, then GITHUB_SHA)",
    default: "",
    placeholder: "SHA"
  },
  tag: {
    description: "The release tag being checked: resolved to its commit (which the gate checks and outputs as sha) before any check runs",
    default: "",
    placeholder: "TAG"
  },
  "expected-sha": {
    description: "The commit the gate must be checking (the tag's, or sha); a mismatch is refused before any check runs",
    default: "",
    placeholder: "SHA"
  }
};
var outputs = {
  result: "PASS, FAIL or DRY-RUN",
  failed: "Comma-separated names of the blocker checks that failed",
  "report-path": "Path of the evidence file gate_report_<UTC>.json (empty on a dry run)",
  sha: "The commit the gate checked: pass it to canary-promote and rc-to-ga as expected-sha to bind them to it"
};
var command = {
  name: "gate",
  summary: "Run the readiness checks (commands, HTTP probes, git, freeze windows, GitHub checks, backups): PASS or FAIL",
  inputs,
  outputs,
  async run(ctx) {
    const dryRun = ctx.inputs.bool("dry-run");
    const checkName = ctx.inputs.string("check-name") ?? "readiness-gate";
    const freezeOverride = ctx.inputs.enum("freeze-override");
    const shaInput = ctx.inputs.string("sha");
    const artifactsInput = ctx.inputs.string("artifacts-dir");
    if (shaInput !== void 0 && !/^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(shaInput)) {
      throw ConfigError.input(
        "sha",
        `expected a full commit sha (40 hexadecimal characters), found "${shaInput}"`
      );
    }
    const { config, source } = await ctx.loadConfig();
    const gate = config.gate;
    if (!gate) {
      throw new ConfigError({
        file: source.file,
        line: 1,
        column: 1,
        message: "has no gate: section; add gate: { checks: [...] } (see docs/actions/readiness-gate.md)"
      });
    }
    const gh0 = await ctx.github();
    const sha = await tagCommit(ctx, gh0, shaInput) ?? shaInput ?? await pullRequestHead(ctx) ?? ctx.run.sha;
    const expected = ctx.inputs.string("expected-sha");
    if (expected !== void 0) {
      checkExpectedSha("expected-sha", expected);
      if (sha !== expected)
        throw ConfigError.input(
          "expected-sha",
          `the gate would check ${sha ?? "no commit"}, not ${expected}: pass the commit to check with sha or tag`
        );
    }
    const github = gh0 && redactingCalls(gh0, ctx.redactor);
    const githubNotes = [];
    const needGitHub = gate.checks.filter((c) => c.type === "github-checks").map((c) => c.name);
    if (!github) {
      githubNotes.push(
        `No GitHub token: skipped the PR status check "${checkName}"` + (needGitHub.length ? `; github-checks ${dryRun ? "would fail" : "failed"}: ${needGitHub.join(", ")}` : "")
      );
    } else if (!sha) {
      githubNotes.push(`No commit sha (input sha or GITHUB_SHA): skipped the PR status check "${checkName}"`);
    }
    if (dryRun) {
      const rows = gate.checks.map((c) => ({
        name: c.name,
        what: describeCheck(c, { env: ctx.env, sha, freezeOverride })
      }));
      for (const r of rows) ctx.logger.info(`DRY-RUN ${r.name}: ${r.what}`);
      if (github && sha) githubNotes.push(`Would report check run "${checkName}" on ${sha.slice(0, 7)}`);
      return {
        exitCode: 0,
        outputs: { result: "DRY-RUN", failed: "", "report-path": "", sha: sha ?? "" },
        report: dryRunReport(rows, githubNotes)
      };
    }
    const deps = {
      process: ctx.process,
      http: ctx.http,
      clock: ctx.clock,
      fs: ctx.fs,
      hashFile: sha256File,
      github,
      redactor: ctx.redactor,
      env: ctx.env,
      cwd: ctx.cwd,
      logger: ctx.logger,
      signal: ctx.signal,
      sha,
      freezeOverride,
      selfNames: [checkName, ...ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : []]
    };
    const result = await runGate(gate, deps);
    const configLines = gate.checks.map((_, i) => source.lineOf(["gate", "checks", i]));
    const configPath = repoPath(ctx, source.file);
    let githubRecord = { kind: "skipped", reason: githubNotes.join("; ") };
    if (github && sha) {
      const published = await publishGateStatus(github, {
        name: checkName,
        sha,
        result,
        summaryMarkdown: ctx.redactor.redact(toMarkdown(gateReport(result))),
        configPath,
        lineOf: (i) => configLines[i] ?? 1,
        detailsUrl: ctx.run.runUrl
      });
      githubRecord = published.record;
      githubNotes.push(published.note);
    }
    const dir = path4.resolve(ctx.cwd, artifactsDir(ctx.env, artifactsInput));
    const file = await writeEvidence(
      { fs: ctx.fs, clock: ctx.clock, redactor: ctx.redactor, logger: ctx.logger },
      {
        dir,
        prefix: EVIDENCE_PREFIX,
        data: gateEvidence(gate.checks, result, {
          configFile: source.file,
          configLines,
          sha: sha ?? null,
          checkName,
          freezeOverride: freezeOverride ?? null,
          host: ctx.host,
          repository: ctx.run.repository,
          runUrl: ctx.run.runUrl,
          ref: ctx.run.ref,
          eventName: ctx.run.eventName,
          actor: ctx.run.actor,
          github: githubRecord
        })
      }
    );
    const reportPath = file && displayPath(ctx.cwd, file);
    if (file) ctx.logger.info(`Evidence written to ${reportPath}`);
    const report = gateReport(result, { notes: githubNotes, evidencePath: reportPath });
    const failed = result.failed.join(",");
    return {
      exitCode: result.result === "PASS" ? 0 : 1,
      outputs: { result: result.result, failed, "report-path": reportPath, sha: sha ?? "" },
      report,
      ...result.result === "FAIL" ? {
        failMessage: result.cancelled ? "Readiness gate FAIL: the job was cancelled" : `Readiness gate FAIL: ${result.failed.length} check${result.failed.length === 1 ? "" : "s"} failed (${result.failed.join(", ")})`
      } : {}
    };
  }
};
var gate_default = command;
async function tagCommit(ctx, gh, shaInput) {
  const tag = ctx.inputs.string("tag");
  if (tag === void 0) return void 0;
  if (!gh) {
    checkTagName("tag", tag);
    ctx.logger.warn(`no GitHub token: ${tag} was not resolved to a commit`);
    return void 0;
  }
  const build = await resolveBuild(gh, { input: "tag", tag, release: "none" });
  if (shaInput !== void 0 && shaInput.toLowerCase() !== build.sha)
    throw ConfigError.input("sha", `${tag} is commit ${build.sha}, not ${shaInput}: pass one of them`);
  return build.sha;
}
async function pullRequestHead(ctx) {
  const file = ctx.env.GITHUB_EVENT_PATH;
  if (!file || !ctx.run.eventName?.startsWith("pull_request")) return void 0;
  try {
    const event = JSON.parse((await ctx.fs.readFile(file)).toString("utf8"));
    const sha = event.pull_request?.head?.sha;
    return typeof sha === "string" && /^[0-9a-f]{40}$/i.test(sha) ? sha : void 0;
  } catch {
    return void 0;
  }
}
function repoPath(ctx, file) {
  if (file.startsWith("input ")) return null;
  const rel = path4.relative(ctx.cwd, path4.resolve(ctx.cwd, file));
  return rel.startsWith("..") || path4.isAbsolute(rel) ? null : rel.split(path4.sep).join("/");
}
function displayPath(cwd, file) {
  const rel = path4.relative(cwd, file);
  return rel.startsWith("..") || path4.isAbsolute(rel) ? file : rel;
}

export {
  inputs,
  outputs,
  gate_default
};
