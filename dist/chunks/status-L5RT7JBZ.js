import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  optionalConfig
} from "./chunk-7BR7QCMN.js";
import "./chunk-HASQCN34.js";
import "./chunk-TPKCOUBV.js";
import {
  bannerMark,
  describeMark,
  listIncidents,
  utcTime
} from "./chunk-5BVIXY32.js";
import {
  isUnsettled,
  readEnvironment
} from "./chunk-2ZA7HDHO.js";
import {
  compareVersions,
  parseVersion,
  rcNumber
} from "./chunk-NP4THNLA.js";
import "./chunk-4Q675M22.js";
import {
  COMMON_INPUTS
} from "./chunk-IIQ5KUFB.js";
import "./chunk-JMMVXS76.js";
import {
  ConfigError
} from "./chunk-3TUOJGC2.js";
import "./chunk-2UNPAZD7.js";

// src/commands/status.ts
var inputs = {
  config: COMMON_INPUTS.config,
  "config-inline": COMMON_INPUTS["config-inline"],
  "github-token": COMMON_INPUTS["github-token"],
  environment: {
    description: "Show only this deployment environment (default: every environment among the newest deployments)",
    default: "",
    placeholder: "ENV"
  },
  json: {
    description: "Print the status as one JSON document (the json output) instead of the table",
    default: "false",
    kind: "boolean",
    cliOnly: true
  }
};
var outputs = {
  json: "The status as one JSON document: what is live in each environment, and the releases"
};
var PAGE = 100;
var SHA = /^[0-9a-f]{40}$/;
var TABLE_LINES = 5;
var command = {
  name: "status",
  summary: "Show what is live in each environment, the latest releases and the builds marked rolled back",
  inputs,
  outputs,
  async run(ctx) {
    const environment = ctx.inputs.string("environment");
    const asJson = ctx.host === "cli" && ctx.inputs.bool("json");
    const gh = await ctx.github();
    if (!gh) {
      throw ConfigError.input(
        "github-token",
        ctx.host === "cli" ? "a GitHub token is required: export GITHUB_TOKEN (with read access to deployments, contents and issues) and GITHUB_REPOSITORY" : "a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: { deployments: read, contents: read, issues: read }`"
      );
    }
    const label = (await optionalConfig(ctx))?.rollback?.incident.labels[0] ?? "incident";
    const status = await readStatus(gh, { environment, incidentLabel: label });
    const json = JSON.stringify(status);
    const repository = `${gh.repo.owner}/${gh.repo.repo}`;
    return {
      exitCode: 0,
      // The CLI prints the json output alone with --json; without it, the table is the whole answer.
      outputs: ctx.host === "action" || asJson ? { json } : {},
      report: statusReport(status, { repository, environment })
    };
  }
};
var status_default = command;
async function readStatus(gh, o) {
  const deployments = await gh.listDeployments(
    o.environment ? { environment: o.environment, maxPages: 1 } : { maxPages: 1 }
  );
  const names = o.environment ? [o.environment] : environmentsOf(deployments);
  const views = [];
  for (const name of names) {
    let view = await readEnvironment(gh, name, { deployments });
    if (!view.live && !o.environment && deployments.length >= PAGE) view = await readEnvironment(gh, name);
    views.push(view);
  }
  const [latest, page, incidents] = await Promise.all([
    gh.getLatestRelease(),
    gh.listReleases({ maxPages: 1 }),
    listIncidents(gh, o.incidentLabel, "open")
  ]);
  const releases = /* @__PURE__ */ new Map();
  for (const r of [...page, ...latest ? [latest] : []]) if (!r.draft) releases.set(r.tagName, r);
  for (const v of views) {
    if (v.live && !releases.has(v.live.tag)) {
      const r = await gh.getReleaseByTag(v.live.tag);
      if (r && !r.draft) releases.set(r.tagName, r);
    }
  }
  const shas = new Shas(gh);
  for (const r of releases.values()) if (SHA.test(r.targetCommitish)) shas.set(r.tagName, r.targetCommitish);
  for (const d of deployments) shas.set(ledgerTag(d), d.sha);
  for (const v of views) for (const e of v.read) shas.set(e.tag, e.sha);
  for (const i of incidents) if (i.state?.fromSha) shas.set(i.state.from, i.state.fromSha);
  const newest = newestRcs([...releases.values()]);
  const banners = [...releases.values()].filter((r) => bannerMark(r, "") !== null);
  await shas.resolve([
    ...latest ? [latest.tagName] : [],
    ...[...newest.values()].map((r) => r.tagName),
    ...banners.map((r) => r.tagName),
    ...incidents.flatMap((i) => i.state ? [i.state.from] : [])
  ]);
  const marks = rolledBackMarks(banners, incidents, shas);
  const markOf = (tag, sha) => marks.find((m) => sha !== null && m.sha === sha || shas.tagsOf(m.tag, m.sha || null).includes(tag)) ?? null;
  const releaseJson = (r) => {
    const sha = shas.get(r.tagName);
    return {
      tag: r.tagName,
      sha,
      tags: shas.tagsOf(r.tagName, sha),
      published_at: r.publishedAt,
      url: r.htmlUrl,
      rolled_back: markOf(r.tagName, sha) !== null
    };
  };
  return {
    environments: views.map((v) => environmentJson(v, shas, markOf, incidents)),
    releases: {
      latest: latest ? releaseJson(latest) : null,
      newest_rc: Object.fromEntries([...newest].map(([line, r]) => [line, releaseJson(r)])),
      rolled_back: marks.map((m) => ({
        tag: m.tag,
        sha: m.sha || null,
        tags: shas.tagsOf(m.tag, m.sha || null),
        at: m.at,
        reason: m.reason === null ? null : plain(m.reason),
        restored: m.restored,
        incident_url: m.incidentUrl
      }))
    }
  };
}
var plain = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
function environmentsOf(deployments) {
  const names = [];
  for (const d of [...deployments].sort((a, b) => b.id - a.id))
    if (!names.includes(d.environment)) names.push(d.environment);
  return names;
}
function ledgerTag(d) {
  const p = d.payload.release_ops;
  const tag = p !== null && typeof p === "object" ? p.tag : void 0;
  return typeof tag === "string" && tag !== "" ? tag : d.ref;
}
function environmentJson(v, shas, markOf, incidents) {
  const unsettled = v.read.filter((e) => e !== v.live && (e.state === null || isUnsettled(e.state))).map(unsettledJson);
  const live = v.live;
  if (!live)
    return {
      environment: v.environment,
      tag: null,
      sha: null,
      tags: [],
      since: null,
      actor: null,
      run_url: null,
      rolled_back: false,
      incident_url: null,
      last_result: null,
      unsettled
    };
  const tags = shas.tagsOf(live.tag, live.sha);
  const mark = markOf(live.tag, live.sha);
  const restoredBy = incidents.find((i) => i.state && tags.includes(i.state.to));
  return {
    environment: v.environment,
    tag: live.tag,
    sha: live.sha,
    tags,
    since: live.liveSince,
    actor: live.actor,
    run_url: live.runUrl,
    rolled_back: mark !== null,
    incident_url: mark?.incidentUrl ?? restoredBy?.issue.htmlUrl ?? null,
    last_result: live.statuses[0]?.description || null,
    unsettled
  };
}
function unsettledJson(e) {
  const latest = e.statuses[0];
  return {
    tag: e.tag,
    sha: e.sha,
    state: e.state ?? "pending",
    since: latest?.createdAt ?? e.deployment.createdAt,
    actor: e.actor,
    run_url: e.runUrl,
    description: latest?.description || null
  };
}
function newestRcs(releases) {
  const best = /* @__PURE__ */ new Map();
  for (const r of releases) {
    const v = parseVersion(r.tagName);
    if (!v || rcNumber(v) === null) continue;
    const line = `${v.major}.${v.minor}`;
    const cur = best.get(line);
    if (!cur || compareVersions(v, cur.v) > 0) best.set(line, { r, v });
  }
  const lines = [...best.entries()].sort(([, a], [, b]) => compareVersions(b.v, a.v));
  return new Map(lines.map(([line, { r }]) => [line, r]));
}
function rolledBackMarks(banners, incidents, shas) {
  const marks = [];
  const same = (m, tag, sha) => sha !== null && m.sha === sha || m.tag === tag;
  for (const r of banners) {
    const sha = shas.get(r.tagName);
    const mark = bannerMark(r, sha ?? "");
    const found = marks.find((m) => same(m, r.tagName, sha));
    if (!found) marks.push(mark);
  }
  for (const i of incidents) {
    if (!i.state) continue;
    const sha = i.state.fromSha ?? shas.get(i.state.from);
    const found = marks.find((m) => same(m, i.state.from, sha));
    if (found) {
      found.incidentUrl ??= i.issue.htmlUrl;
      continue;
    }
    marks.push({
      sha: sha ?? "",
      tag: i.state.from,
      at: utcTime(i.state.at),
      reason: i.state.reason,
      restored: i.state.to,
      incidentUrl: i.issue.htmlUrl
    });
  }
  return marks;
}
var Shas = class {
  constructor(gh) {
    this.gh = gh;
  }
  gh;
  byTag = /* @__PURE__ */ new Map();
  set(tag, sha) {
    if (!this.byTag.has(tag)) this.byTag.set(tag, sha);
  }
  get(tag) {
    return this.byTag.get(tag) ?? null;
  }
  /** `tag` and every other tag known on the same commit, the tag itself first. */
  tagsOf(tag, sha) {
    const others = sha === null ? [] : [...this.byTag].filter(([t, s]) => s === sha && t !== tag);
    return [tag, ...others.map(([t]) => t).sort()];
  }
  /** One listing of the tags for every unknown one, then one read per annotated tag among them. */
  async resolve(tags) {
    const unknown = [...new Set(tags)].filter((t) => !this.byTag.has(t));
    if (unknown.length === 0) return;
    const refs = new Map(
      (await this.gh.listMatchingRefs("tags/")).map((r) => [r.ref.replace(/^refs\/tags\//, ""), r])
    );
    for (const tag of unknown) {
      const ref = refs.get(tag);
      if (!ref) continue;
      const sha = ref.type === "commit" ? ref.sha : await this.gh.resolveTagCommit(tag);
      if (sha) this.set(tag, sha);
    }
  }
};
var when = (iso) => iso ? utcTime(Date.parse(iso)) : "\u2014";
var short = (sha) => sha ? sha.slice(0, 12) : "commit unknown";
var build = (tags, sha) => `${tags.join(" = ")} (${short(sha)})`;
function statusReport(s, o) {
  const blocks = [{ kind: "heading", text: "What is live" }];
  if (s.environments.length === 0) {
    blocks.push({
      kind: "text",
      text: o.environment ? `Nothing recorded in ${o.environment}: no deployment among its newest ${PAGE}.` : `No deployment recorded in ${o.repository} (the newest ${PAGE} were read; name one with --environment).`
    });
  } else {
    blocks.push({
      kind: "table",
      headers: [
        "environment",
        "live build",
        "since (UTC)",
        "actor",
        "last result",
        "rolled back",
        "incident",
        "run"
      ],
      rows: s.environments.map(
        (e) => e.tag === null ? [
          e.environment,
          `nothing live (no successful deployment among the newest ${PAGE})`,
          "\u2014",
          "\u2014",
          "\u2014",
          "\u2014",
          "\u2014",
          "\u2014"
        ] : [
          e.environment,
          build(e.tags, e.sha),
          when(e.since),
          e.actor ?? "\u2014",
          e.last_result ?? "\u2014",
          e.rolled_back ? "yes" : "no",
          e.incident_url ?? "\u2014",
          e.run_url ?? "\u2014"
        ]
      )
    });
  }
  const unsettled = s.environments.flatMap(
    (e) => e.unsettled.map(
      (u) => `${e.environment}: ${u.tag} (${short(u.sha)}) ${u.state} since ${when(u.since)}${u.description ? ` \u2014 ${u.description}` : ""}${u.actor ? `, by ${u.actor}` : ""}${u.run_url ? `, run ${u.run_url}` : ""}`
    )
  );
  if (unsettled.length) {
    blocks.push(
      { kind: "heading", text: "Not settled (newer than what is live)" },
      { kind: "list", items: unsettled }
    );
  }
  blocks.push({ kind: "heading", text: "Releases" });
  const rows = [];
  const row = (what, r) => [
    what,
    build(r.tags, r.sha),
    when(r.published_at),
    r.rolled_back ? "yes" : "no",
    r.url
  ];
  if (s.releases.latest) rows.push(row("latest GA", s.releases.latest));
  const lines = Object.entries(s.releases.newest_rc);
  for (const [line, r] of lines.slice(0, TABLE_LINES)) rows.push(row(`newest RC of ${line}`, r));
  if (lines.length > TABLE_LINES)
    rows.push([`${lines.length - TABLE_LINES} older version lines`, "(in the json output)", "", "", ""]);
  if (rows.length)
    blocks.push({ kind: "table", headers: ["", "build", "published (UTC)", "rolled back", "release"], rows });
  else blocks.push({ kind: "text", text: "No published release." });
  blocks.push({ kind: "heading", text: "Builds marked rolled back" });
  if (s.releases.rolled_back.length) {
    blocks.push({
      kind: "list",
      items: s.releases.rolled_back.map((m) => {
        const text = describeMark({
          sha: m.sha ?? "",
          tag: m.tags.join(" = "),
          at: m.at,
          reason: m.reason,
          restored: m.restored,
          incidentUrl: m.incident_url
        });
        return m.sha ? text : text.replace(" () ", " ");
      })
    });
  } else {
    blocks.push({ kind: "text", text: "None: no release carries the rollback banner, no incident is open." });
  }
  const title = o.environment ? `status of ${o.environment} in ${o.repository}` : `status of ${o.repository}`;
  return { title, blocks };
}
export {
  status_default as default,
  inputs,
  outputs,
  readStatus,
  statusReport
};
