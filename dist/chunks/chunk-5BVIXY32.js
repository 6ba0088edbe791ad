import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  coreVersion,
  listVersionTags,
  parseVersion
} from "./chunk-NP4THNLA.js";
import {
  ExternalError
} from "./chunk-3TUOJGC2.js";

// src/rollback/banner.ts
var BANNER_START = "<!-- release-ops:rollback-banner -->";
var BANNER_END = "<!-- /release-ops:rollback-banner -->";
function utcTime(ms) {
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}
function oneLine(text, max = 300) {
  const flat = text.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\s+/g, " ").replace(/`/g, "'").replace(/\b(?:https?|ftp):\/\/[^\s'"]+|\bwww\.[^\s'"]+/gi, (url) => `\`${url}\``).replace(/(^|[^\w`.])@(?=[A-Za-z0-9])/g, "$1@\u200B").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "\u2026" : flat;
}
function renderBanner(f) {
  const incident = f.incidentUrl ? ` Incident: ${f.incidentUrl}.` : "";
  return [
    BANNER_START,
    "> [!CAUTION]",
    `> **Rolled back** at ${utcTime(f.at)}: ${oneLine(f.reason)}. Use ${f.toTag} instead.${incident}`,
    BANNER_END
  ].join("\n");
}
var BANNER_LINE = /^> \*\*Rolled back\*\* at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC): (.*)\. Use (\S+) instead\.(?: Incident: (\S+)\.)?$/m;
function parseBanner(body) {
  const text = body ?? "";
  const start = text.indexOf(BANNER_START);
  const end = text.indexOf(BANNER_END, start);
  if (start < 0 || end < 0) return null;
  const m = BANNER_LINE.exec(text.slice(start, end));
  if (!m) return { at: "", reason: "", toTag: "", incidentUrl: null };
  return { at: m[1], reason: m[2], toTag: m[3], incidentUrl: m[4] ?? null };
}
function hasBanner(body) {
  return (body ?? "").includes(BANNER_START);
}
function withBanner(body, f) {
  const current = body ?? "";
  if (hasBanner(current)) return current;
  return current.trim() === "" ? renderBanner(f) + "\n" : `${renderBanner(f)}

${current}`;
}

// src/rollback/incident.ts
var SEVERITY_MATRIX = {
  critical: {
    impact: "system down or multi-tenant data leak",
    action: "incident + full rollback",
    response: "immediately (< 15 min)"
  },
  high: {
    impact: "core functionality broken for a group of users",
    action: "priority hotfix",
    response: "< 60 min"
  },
  medium: { impact: "minor degradation or cosmetic bug", action: "scheduled patch", response: "< 24 hours" },
  low: {
    impact: "improvement or technical suggestion",
    action: "backlog / next release",
    response: "next cycle"
  }
};
var marker = (fromTag) => `<!-- release-ops:incident ${fromTag} -->`;
var STATE_LINE = /^<!-- release-ops:state (\{.*\}) -->$/;
var MARKER = /<!-- release-ops:incident (\S+) -->/;
var stepMarker = (step, status) => `<!-- release-ops:step ${step} ${status} -->`;
function parseState(body) {
  const lines = (body ?? "").trimEnd().split("\n");
  const m = STATE_LINE.exec(lines[lines.length - 1].trim());
  if (!m) return null;
  try {
    const s = JSON.parse(m[1]);
    return typeof s.from === "string" && typeof s.to === "string" && typeof s.phase === "string" ? s : null;
  } catch {
    return null;
  }
}
async function listIncidents(gh, label, state = "all") {
  const issues = await gh.findIssues({ labels: [label], state });
  return issues.filter((i) => MARKER.test(i.body ?? "")).map((issue) => ({ issue, state: parseState(issue.body) }));
}
function incidentFor(all, fromTag) {
  const mine = all.filter((f) => (f.issue.body ?? "").includes(marker(fromTag)));
  mine.sort(
    (a, b) => Number(b.issue.state === "open") - Number(a.issue.state === "open") || b.issue.number - a.issue.number
  );
  return mine[0] ?? null;
}
function incidentTitle(f) {
  const what = f.phase === "rollback-failed" ? "FAILED rollback" : "Rollback";
  return `${what} of ${f.from} to ${f.to} (severity ${f.severity})`;
}
function mitigationText(f) {
  switch (f.phase) {
    case "in-progress":
      return `Rollback in progress to ${f.to}`;
    case "rolled-back":
      return `Mitigated: ${f.to} redeployed${f.verifiedAt ? ` and health verified at ${utcTime(f.verifiedAt)}` : ""}`;
    case "rollback-failed":
      return `**NOT mitigated: the rollback failed${f.detail ? ` (${oneLine(f.detail, 200)})` : ""}. A human must act; release-ops will not retry on its own.**`;
    case "revert-opened":
      return `Release demoted; revert pull request opened${f.detail ? `: ${f.detail}` : ""}`;
  }
}
function incidentBody(f) {
  const sev = SEVERITY_MATRIX[f.severity];
  const state = {
    from: f.from,
    to: f.to,
    phase: f.phase,
    at: f.at,
    severity: f.severity,
    reason: oneLine(f.reason, 300),
    ...f.verifiedAt !== void 0 ? { verifiedAt: f.verifiedAt } : {},
    ...f.fromSha ? { fromSha: f.fromSha } : {}
  };
  const rows = [
    ["Time (UTC)", utcTime(f.at)],
    ["Reason", oneLine(f.reason, 500)],
    ["Impact (tenant / store / user)", f.impact ? oneLine(f.impact, 500) : "_to be assessed_"],
    ["Mitigation state", mitigationText(f)],
    [
      "Severity",
      `**${f.severity}**: ${sev.impact}; ${sev.action}; respond ${sev.response} (severity matrix)`
    ],
    ["Release rolled back", f.from],
    ["Restored", `${f.to} (${f.targetKind})`],
    ["Environment", f.environment]
  ];
  if (f.hypercareWindow) rows.push(["Hypercare window", f.hypercareWindow]);
  if (f.runUrl) rows.push(["Run", f.runUrl]);
  return [
    marker(f.from),
    `### Rollback of ${f.from}`,
    "",
    "| Field | Value |",
    "| --- | --- |",
    ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, "\\|")} |`),
    "",
    "Each step of the rollback is recorded as a comment below.",
    "",
    `<!-- release-ops:state ${JSON.stringify(state).replace(/-->/g, "")} -->`
  ].join("\n");
}
function incidentLabels(configured, severity) {
  return [.../* @__PURE__ */ new Set([...configured, `severity:${severity}`])];
}
async function upsertIncident(gh, existing, facts, labels) {
  const body = incidentBody(facts);
  const title = incidentTitle(facts);
  if (!existing) return { issue: await gh.createIssue({ title, body, labels }), action: "opened" };
  const cur = existing.issue;
  const sameLabels = labels.every((l) => cur.labels.includes(l));
  if (cur.body === body && cur.title === title && cur.state === "open" && sameLabels)
    return { issue: cur, action: "unchanged" };
  const issue = await gh.updateIssue(cur.number, {
    title,
    body,
    state: "open",
    labels: [.../* @__PURE__ */ new Set([...cur.labels.filter((l) => !l.startsWith("severity:")), ...labels])]
  });
  return { issue, action: "updated" };
}
var StepComments = class {
  constructor(gh, issueNumber) {
    this.gh = gh;
    this.issueNumber = issueNumber;
  }
  gh;
  issueNumber;
  seen = /* @__PURE__ */ new Set();
  async load() {
    for (const c of await this.gh.listIssueComments(this.issueNumber)) {
      for (const m of c.body.matchAll(/<!-- release-ops:step (\S+) (\S+) -->/g))
        this.seen.add(`${m[1]} ${m[2]}`);
    }
  }
  /** Whether an earlier run already reported this step with this outcome. */
  has(step, status) {
    return this.seen.has(`${step} ${status}`);
  }
  async post(rec) {
    const status = rec.status === "already" ? "done" : rec.status;
    const key = `${rec.step} ${status}`;
    if (this.seen.has(key) || rec.status === "planned") return;
    const icon = { done: "\u2705", skipped: "\u2796", failed: "\u274C", planned: "\u{1F4DD}", already: "\u2705" }[rec.status];
    await this.gh.createIssueComment(
      this.issueNumber,
      `${stepMarker(rec.step, status)}
${icon} **${rec.step}** (${utcTime(Date.parse(rec.startedAt))}): ${rec.detail}`
    );
    this.seen.add(key);
  }
};

// src/ledger/marks.ts
async function tagsOfBuild(gh, build) {
  const tags = /* @__PURE__ */ new Set([build.tag]);
  const v = parseVersion(build.tag);
  if (!v) return [...tags];
  for (const t of await listVersionTags(gh, `${v.prefix}${coreVersion(v)}`)) {
    if (tags.has(t.tag) || coreVersion(t.version) !== coreVersion(v)) continue;
    const sha = t.ref.type === "commit" ? t.ref.sha : await gh.resolveTagCommit(t.tag);
    if (sha === build.sha) tags.add(t.tag);
  }
  return [...tags];
}
function bannerMark(release, sha) {
  const b = parseBanner(release.body);
  if (!b) return null;
  return {
    sha,
    tag: release.tagName,
    at: b.at || null,
    reason: b.reason || null,
    restored: b.toTag || null,
    incidentUrl: b.incidentUrl
  };
}
async function findRolledBackMark(gh, build, incidentLabel) {
  const tags = await tagsOfBuild(gh, build);
  let mark = null;
  for (const tag of tags) {
    const release = await gh.getReleaseByTag(tag);
    mark = release ? bannerMark(release, build.sha) : null;
    if (mark) break;
  }
  const open = await listIncidents(gh, incidentLabel, "open");
  const incident = open.find(
    (f) => f.state && (tags.includes(f.state.from) || f.state.fromSha === build.sha)
  );
  if (!incident) return mark;
  const url = incident.issue.htmlUrl;
  if (mark) return { ...mark, incidentUrl: mark.incidentUrl ?? url };
  return {
    sha: build.sha,
    tag: incident.state.from,
    at: new Date(incident.state.at).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC"),
    reason: incident.state.reason,
    restored: incident.state.to,
    incidentUrl: url
  };
}
function describeMark(m) {
  const when = m.at ? ` at ${m.at}` : "";
  const why = m.reason ? `: ${m.reason}` : "";
  const restored = m.restored ? `; ${m.restored} was restored` : "";
  const incident = m.incidentUrl ? `; incident ${m.incidentUrl}` : "";
  return `${m.tag} (${m.sha.slice(0, 12)}) was rolled back${when}${why}${restored}${incident}`;
}
async function refuseRolledBack(gh, build, incidentLabel, allow) {
  const mark = await findRolledBackMark(gh, build, incidentLabel);
  if (mark && !allow) {
    throw new ExternalError(`refused: ${describeMark(mark)}`, {
      hint: "fix forward with a new release candidate; to ship this build anyway, pass allow-rolled-back (CLI --allow-rolled-back) with the reason"
    });
  }
  return mark;
}

export {
  utcTime,
  oneLine,
  hasBanner,
  withBanner,
  SEVERITY_MATRIX,
  listIncidents,
  incidentFor,
  incidentTitle,
  incidentLabels,
  upsertIncident,
  StepComments,
  tagsOfBuild,
  bannerMark,
  findRolledBackMark,
  describeMark,
  refuseRolledBack
};
