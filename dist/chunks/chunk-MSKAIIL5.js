import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  optionalConfig
} from "./chunk-7BR7QCMN.js";
import {
  GREEN_CONCLUSIONS,
  classify
} from "./chunk-4GQS4TUJ.js";
import {
  SKIPPABLE_PRECONDITIONS,
  promote
} from "./chunk-TPKCOUBV.js";
import {
  describeMark,
  oneLine,
  refuseRolledBack
} from "./chunk-5BVIXY32.js";
import {
  firstDeployedAt
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
  floatingTagsFor,
  gaVersion,
  isPrerelease,
  parseVersion
} from "./chunk-NP4THNLA.js";
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

// src/commands/promote.ts
import path from "node:path";

// src/release/promote.ts
import { createHash } from "node:crypto";
import { Transform } from "node:stream";

// src/release/checks.ts
var PASSING_CONCLUSIONS = [...GREEN_CONCLUSIONS];
function evaluateChecks(runs, statuses, opts = {}) {
  const { items, ignored: ignoredItems } = classify(runs, statuses, new Set(opts.ignore ?? []));
  const label = (i) => `${i.kind === "check_run" ? "check" : "status"} ${i.name}`;
  const of = (state) => items.filter((i) => i.state === state);
  const passed = of("green").map(label);
  const failedItems = of("red");
  const failed = failedItems.map(label);
  const pending = of("pending").map(label);
  const ignored = ignoredItems.map(label);
  const details = failedItems.map((i) => `${label(i)}: ${i.raw === "none" ? "no conclusion" : i.raw}`);
  const total = passed.length + failed.length + pending.length;
  const none = total === 0;
  const ok = failed.length === 0 && pending.length === 0 && (!none || opts.allowNone === true);
  const parts = [];
  if (none)
    parts.push(opts.allowNone ? "no checks reported (allowed)" : "no checks reported for this commit");
  if (passed.length) parts.push(`${passed.length} passed`);
  if (failed.length) parts.push(`${failed.length} failed (${details.join(", ")})`);
  if (pending.length) parts.push(`${pending.length} pending (${pending.join(", ")})`);
  if (ignored.length) parts.push(`${ignored.length} ignored`);
  return { ok, passed, failed, pending, ignored, total, summary: parts.join(", ") };
}

// src/release/promote.ts
var SKIPPABLE = SKIPPABLE_PRECONDITIONS;
var PRECONDITIONS = {
  "rc-release": "The RC tag exists and has a published release",
  "rc-prerelease": "The RC release is a published prerelease",
  "commit-checks": "The RC commit's check runs and statuses are green",
  soak: "The RC release is at least min-soak old",
  "newer-rc": "No newer release candidate of the same version exists",
  "ga-tag": "The GA tag does not exist yet, or exists at the RC commit (then the run converges)"
};
function newPromoteResult(s, clock) {
  return {
    outcome: "planned",
    strategy: s.strategy,
    rcTag: s.rcTag ?? "",
    gaTag: "",
    releaseTag: "",
    rcCommit: null,
    preconditions: [],
    writes: [],
    assets: [],
    release: null,
    changed: false,
    recovered: [],
    notes: [],
    previousStable: null,
    startedAt: new Date(clock.now()).toISOString(),
    finishedAt: null
  };
}
async function promote2(deps, s, result = newPromoteResult(s, deps.clock)) {
  const run = new Run(deps, s, result);
  try {
    await run.execute();
  } finally {
    result.finishedAt = new Date(deps.clock.now()).toISOString();
    result.changed = result.writes.some((w) => w.status === "done");
  }
  return result;
}
var short = (sha) => sha ? sha.slice(0, 7) : "?";
var bodyArg = (body) => `(${body.length} characters)`;
var Run = class {
  constructor(deps, s, r) {
    this.deps = deps;
    this.s = s;
    this.r = r;
    this.gh = deps.gh;
  }
  deps;
  s;
  r;
  gh;
  checkCancelled() {
    if (this.deps.signal?.aborted) throw new CancelledError();
  }
  precondition(name, ok, detail) {
    const skipped = !ok && SKIPPABLE.includes(name) && this.s.skip.includes(name);
    const verdict = ok ? "pass" : skipped ? "skipped" : "fail";
    const text = skipped ? `skipped by input skip-checks; would fail: ${detail}` : detail;
    this.r.preconditions.push({ name, verdict, detail: text });
    this.deps.logger.info(`precondition ${name}: ${verdict} \u2014 ${text}`);
  }
  /** Makes a write (or records it as planned in a dry run). Returns undefined in a dry run. */
  async write(call, args, fn, describe) {
    this.checkCancelled();
    const rec = { call, args, status: "planned" };
    this.r.writes.push(rec);
    if (this.s.dryRun) {
      this.deps.logger.info(`dry run: would ${call} ${JSON.stringify(args)}`);
      return void 0;
    }
    this.deps.logger.info(`${call} ${JSON.stringify(args)}`);
    try {
      const v = await fn();
      rec.status = "done";
      if (describe) rec.result = describe(v);
      return v;
    } catch (err) {
      rec.status = "failed";
      throw err;
    }
  }
  async execute() {
    const { s, r, gh } = this;
    const lookup = await findRc(gh, { rcTag: s.rcTag, version: s.version });
    r.rcTag = lookup.rcTag;
    r.gaTag = lookup.gaTag;
    r.releaseTag = s.strategy === "edit-release" ? lookup.rcTag : lookup.gaTag;
    const rc = lookup.release;
    if (!lookup.rcRef) {
      const what = s.rcTag ? `tag ${s.rcTag}` : `a release candidate of ${s.version}`;
      this.precondition("rc-release", false, `no ${what} (looked for tags ${lookup.searched.join(", ")})`);
      r.outcome = "blocked";
      return;
    }
    if (!rc) {
      this.precondition(
        "rc-release",
        false,
        `tag ${lookup.rcTag} has no published release (a draft is not found by tag: publish the RC as a prerelease first)`
      );
      r.outcome = "blocked";
      return;
    }
    this.precondition("rc-release", true, `${lookup.rcTag} \u2192 release ${rc.id} (${rc.htmlUrl})`);
    const rcCommit = lookup.rcRef.type === "commit" ? lookup.rcRef.sha : await gh.resolveTagCommit(lookup.rcTag);
    if (!rcCommit)
      throw new ExternalError(`cannot resolve tag ${lookup.rcTag} to a commit`, {
        hint: "check that the tag exists and the token can read the repository"
      });
    r.rcCommit = rcCommit;
    this.checkCancelled();
    const gaName = (s.name ?? "{tag}").split("{tag}").join(lookup.gaTag);
    const alreadyInPlace = s.strategy === "edit-release" && !rc.prerelease && !rc.draft && rc.name === gaName;
    if (alreadyInPlace)
      this.precondition(
        "rc-prerelease",
        true,
        `already promoted in place (named ${gaName}, not a prerelease): the run converges`
      );
    else if (rc.draft) this.precondition("rc-prerelease", false, "the RC release is a draft");
    else if (!rc.prerelease)
      this.precondition(
        "rc-prerelease",
        false,
        `release ${lookup.rcTag} is not marked prerelease (already GA?)`
      );
    else
      this.precondition(
        "rc-prerelease",
        true,
        `published prerelease${rc.publishedAt ? ` (published ${rc.publishedAt})` : ""}`
      );
    if (s.skip.includes("commit-checks")) {
      r.preconditions.push({
        name: "commit-checks",
        verdict: "skipped",
        detail: `skipped by input skip-checks (commit ${short(rcCommit)} not inspected)`
      });
    } else {
      const runs = await gh.listCheckRuns(rcCommit);
      const statuses = await gh.listCommitStatuses(rcCommit);
      const v = evaluateChecks(runs, statuses, { allowNone: s.allowNoChecks, ignore: s.ignoreChecks });
      this.precondition("commit-checks", v.ok, `commit ${short(rcCommit)}: ${v.summary}`);
    }
    if (s.minSoakMs <= 0) this.precondition("soak", true, "no minimum soak set");
    else {
      const deployed = await firstDeployedAt(gh, rcCommit);
      const since = deployed ?? rc.publishedAt ?? rc.createdAt;
      const age = this.deps.clock.now() - Date.parse(since);
      this.precondition(
        "soak",
        age >= s.minSoakMs,
        deployed ? `commit ${short(rcCommit)} first deployed ${formatAge(age)} ago (${since}); minimum ${formatDuration(s.minSoakMs)}` : `published ${formatAge(age)} ago (${since}; no deployment of the commit recorded); minimum ${formatDuration(s.minSoakMs)}`
      );
    }
    if (lookup.newer.length === 0)
      this.precondition("newer-rc", true, `${lookup.rcTag} is the newest prerelease of ${lookup.gaTag}`);
    else this.precondition("newer-rc", false, `newer: ${lookup.newer.map((t) => t.tag).join(", ")}`);
    let gaCommit = null;
    if (lookup.gaRef) {
      gaCommit = lookup.gaRef.type === "commit" ? lookup.gaRef.sha : await gh.resolveTagCommit(lookup.gaTag);
    }
    if (s.strategy === "edit-release") {
      if (!lookup.gaRef)
        this.precondition(
          "ga-tag",
          true,
          `${lookup.gaTag} does not exist (edit-release keeps the tag ${lookup.rcTag})`
        );
      else
        this.precondition(
          "ga-tag",
          false,
          `tag ${lookup.gaTag} already exists (at ${short(gaCommit)}): the version looks promoted with new-release; editing the RC would make a second GA release`
        );
    } else if (!lookup.gaRef) {
      this.precondition("ga-tag", true, `${lookup.gaTag} does not exist yet`);
    } else if (gaCommit === rcCommit) {
      this.precondition(
        "ga-tag",
        true,
        `${lookup.gaTag} exists at the RC commit ${short(rcCommit)}: the run converges`
      );
    } else {
      this.precondition(
        "ga-tag",
        false,
        `${lookup.gaTag} exists at ${short(gaCommit)}, not at the RC commit ${short(rcCommit)}; release-ops never moves a release tag \u2014 delete it or promote another version`
      );
    }
    if (r.preconditions.some((p) => p.verdict === "fail")) {
      r.outcome = "blocked";
      return;
    }
    if (s.strategy === "edit-release") await this.editRelease(rc, gaName, alreadyInPlace);
    else await this.newRelease(lookup, rc, rcCommit, gaName);
    if (s.floatingTags) await this.moveFloatingTags(lookup, rcCommit);
    r.outcome = s.dryRun ? "planned" : r.writes.some((w) => w.status === "done") ? "promoted" : "converged";
  }
  /**
   * The GA notes: the RC's, plus (generate-notes) GitHub's generated notes since the previous stable
   * release, found through tags. `tagName` is the tag the notes are for.
   */
  async notes(rc, tagName, targetCommitish) {
    const override = this.s.allowRolledBack;
    const body = override ? `> [!WARNING]
> Promoted although ${oneLine(override.mark, 400)}. Reason given: ${oneLine(override.reason, 400)}

${rc.body ?? ""}` : rc.body ?? "";
    if (!this.s.generateNotes) return body;
    const prev = await findPreviousStable(this.gh, this.r.gaTag);
    this.r.previousStable = prev?.tag ?? null;
    if (this.s.dryRun) {
      this.deps.logger.info(`dry run: would append notes generated since ${prev?.tag ?? "the first commit"}`);
      return body;
    }
    const generated = await this.gh.generateReleaseNotes({
      tagName,
      targetCommitish,
      previousTagName: prev?.tag
    });
    return body.trim() ? `${body.trimEnd()}

${generated.body}` : generated.body;
  }
  async newRelease(lookup, rc, rcCommit, gaName) {
    const { gh, r } = this;
    const gaTag = lookup.gaTag;
    let tagExists = lookup.gaRef !== null;
    if (!lookup.gaRef) {
      const message = `${gaName}

Promoted from ${lookup.rcTag} (${rcCommit}) by release-ops.`;
      const tagSha = await this.write(
        "createTagObject",
        { tag: gaTag, objectSha: rcCommit, message: bodyArg(message) },
        () => gh.createTagObject({ tag: gaTag, message, objectSha: rcCommit }),
        (v) => v
      );
      try {
        await this.write(
          "createRef",
          { ref: `refs/tags/${gaTag}`, sha: tagSha ?? "(the new tag object)" },
          () => gh.createRef(`refs/tags/${gaTag}`, tagSha),
          (v) => v.sha
        );
      } catch (err) {
        if (!(err instanceof ExternalError && err.status === 422)) throw err;
        if (await gh.resolveTagCommit(gaTag) !== rcCommit) throw err;
        const rec = r.writes[r.writes.length - 1];
        if (rec) rec.result = "already exists at the RC commit (GitHub answered 422): used as it is";
        r.recovered.push(`tag ${gaTag} appeared at the RC commit while this run created it`);
        tagExists = true;
      }
    } else {
      r.recovered.push(`tag ${gaTag} already exists at the RC commit`);
    }
    let ga = null;
    if (tagExists) {
      ga = await gh.getReleaseByTag(gaTag);
      if (ga) r.recovered.push(`release ${ga.id} for ${gaTag} is already published`);
      else {
        ga = await this.findDraft(gaTag);
        if (ga) r.recovered.push(`draft release ${ga.id} for ${gaTag} left by an earlier run is reused`);
      }
    }
    if (!ga) {
      const body = await this.notes(rc, gaTag, rcCommit);
      const direct = rc.assets.length === 0;
      const input = {
        tagName: gaTag,
        targetCommitish: rcCommit,
        name: gaName,
        body,
        draft: !direct,
        prerelease: false,
        ...direct ? { makeLatest: "true" } : {}
      };
      const created = await this.write(
        "createRelease",
        { ...input, body: bodyArg(body) },
        () => gh.createRelease(input),
        (v) => `release ${v.id}`
      );
      if (!created) {
        for (const a of rc.assets) this.planCopy(a, "(the new draft)");
        if (!direct)
          await this.write(
            "updateRelease",
            { id: "(the new draft)", draft: false, makeLatest: "true" },
            async () => void 0
          );
        return;
      }
      ga = created;
    }
    if (ga.draft) {
      await this.copyAssets(rc, ga);
      const published = await this.write(
        "updateRelease",
        { id: ga.id, draft: false, makeLatest: "true" },
        () => gh.updateRelease(ga.id, { draft: false, makeLatest: "true" }),
        (v) => v.htmlUrl
      );
      if (published) ga = published;
    } else {
      const missing = this.missingAssets(rc, ga);
      if (missing.length && ga.immutable) {
        throw new ExternalError(
          `release ${gaTag} is published and immutable but lacks ${missing.map((a) => a.name).join(", ")}`,
          {
            hint: "an immutable release cannot gain assets; attach them to a new patch release"
          }
        );
      }
      await this.copyAssets(rc, ga);
      if (ga.prerelease) {
        const fixed = await this.write(
          "updateRelease",
          { id: ga.id, prerelease: false, makeLatest: "true" },
          () => gh.updateRelease(ga.id, { prerelease: false, makeLatest: "true" }),
          (v) => v.htmlUrl
        );
        if (fixed) ga = fixed;
      }
    }
    r.release = { id: ga.id, url: ga.htmlUrl };
  }
  /** A draft for `tag` (drafts are not found by tag): the newest page first, the whole list if needed. */
  async findDraft(tag) {
    const pick = (list) => list.filter((x) => x.draft && x.tagName === tag).sort((a, b) => a.id - b.id)[0] ?? null;
    const first = await this.gh.listReleases({ maxPages: 1 });
    const hit = pick(first);
    if (hit || first.length < 100) return hit;
    return pick(await this.gh.listReleases());
  }
  missingAssets(rc, ga) {
    return rc.assets.filter((a) => !ga.assets.some((g) => g.name === a.name && sameContent(a, g)));
  }
  planCopy(a, target) {
    this.r.assets.push({ name: a.name, size: a.size, sha256: hex(a.digest), action: "planned" });
    this.r.writes.push({
      call: "uploadReleaseAsset",
      args: {
        release: target,
        name: a.name,
        label: a.label,
        contentType: a.contentType,
        size: a.size,
        from: `asset ${a.id} (streamed)`
      },
      status: "planned"
    });
    this.deps.logger.info(`dry run: would copy asset ${a.name} (${a.size} bytes) to release ${target}`);
  }
  async copyAssets(rc, ga) {
    for (const a of rc.assets) {
      this.checkCancelled();
      const existing = ga.assets.find((g) => g.name === a.name);
      if (existing && sameContent(a, existing)) {
        this.r.assets.push({
          name: a.name,
          size: a.size,
          sha256: hex(existing.digest ?? a.digest),
          action: "present"
        });
        continue;
      }
      if (existing) {
        this.r.recovered.push(
          `asset ${a.name} on the GA release did not match the RC's (size ${existing.size}/${a.size}) and is replaced`
        );
        await this.write(
          "deleteReleaseAsset",
          { id: existing.id, name: existing.name, reason: "size or digest differs from the RC asset" },
          () => this.gh.deleteReleaseAsset(existing.id)
        );
      }
      if (this.s.dryRun) {
        this.planCopy(a, ga.id);
        continue;
      }
      const copied = await this.write(
        "uploadReleaseAsset",
        {
          release: ga.id,
          name: a.name,
          label: a.label,
          contentType: a.contentType,
          size: a.size,
          from: `asset ${a.id} (streamed)`
        },
        () => copyAsset(this.gh, a, ga),
        (v) => `asset ${v.asset.id}, sha256 ${v.sha256}`
      );
      this.r.assets.push({
        name: a.name,
        size: a.size,
        sha256: copied.sha256,
        action: existing ? "replaced" : "copied"
      });
    }
  }
  async editRelease(rc, gaName, alreadyInPlace) {
    const { r, gh } = this;
    r.notes.push(
      `edit-release keeps the tag ${rc.tagName}: a release cannot be moved to another tag without leaving the validated tag, so the release URL and tag name stay the RC's; only the title (now ${gaName}), the notes and the prerelease/latest flags change. Assets stay as validated.`
    );
    if (alreadyInPlace) {
      r.recovered.push(`release ${rc.id} is already promoted in place`);
      r.release = { id: rc.id, url: rc.htmlUrl };
      return;
    }
    const update = {
      name: gaName,
      prerelease: false,
      makeLatest: "true"
    };
    if (this.s.generateNotes || this.s.allowRolledBack)
      update.body = await this.notes(rc, rc.tagName, void 0);
    try {
      const edited = await this.write(
        "updateRelease",
        { id: rc.id, ...update, ...update.body !== void 0 ? { body: bodyArg(update.body) } : {} },
        () => gh.updateRelease(rc.id, update),
        (v) => v.htmlUrl
      );
      r.release = { id: rc.id, url: edited?.htmlUrl ?? rc.htmlUrl };
    } catch (err) {
      if (rc.immutable && err instanceof ExternalError) {
        throw new ExternalError(
          `release ${rc.tagName} is immutable and cannot be edited to GA (${err.message})`,
          {
            hint: "use strategy new-release, which creates the GA release as a draft and publishes it",
            status: err.status,
            cause: err
          }
        );
      }
      throw err;
    }
  }
  /** `v1` and `v1.0` → the GA commit, unless a higher stable release of that line exists. */
  async moveFloatingTags(lookup, commit) {
    const ga = gaVersion(lookup.rcVersion);
    const [majorTag, minorTag] = floatingTagsFor(ga);
    const refs = await this.gh.listMatchingRefs(`tags/${majorTag}`);
    const byName = new Map(refs.map((x) => [x.ref.replace(/^refs\/tags\//, ""), x]));
    const line = [...byName.keys()].map((tag) => ({ tag, v: parseVersion(tag) })).filter(
      (t) => t.v !== null && t.v.prefix === ga.prefix && t.v.major === ga.major && !isPrerelease(t.v)
    );
    for (const [tag, scope] of [
      [majorTag, (v) => v.major === ga.major],
      [minorTag, (v) => v.major === ga.major && v.minor === ga.minor]
    ]) {
      const higher = line.filter((t) => scope(t.v) && compareVersions(t.v, ga) > 0).map((t) => t.tag);
      if (higher.length) {
        this.r.notes.push(
          `floating tag ${tag} left where it is: ${higher[0]} is a higher release of that line`
        );
        continue;
      }
      const existing = byName.get(tag);
      if (existing && existing.type === "commit" && existing.sha === commit) {
        this.r.recovered.push(`floating tag ${tag} already points at ${short(commit)}`);
        continue;
      }
      if (existing) {
        await this.write(
          "updateRef",
          { ref: `tags/${tag}`, sha: commit, force: true },
          () => this.gh.updateRef(`tags/${tag}`, commit, true),
          (v) => v.sha
        );
      } else {
        await this.write(
          "createRef",
          { ref: `refs/tags/${tag}`, sha: commit },
          () => this.gh.createRef(`refs/tags/${tag}`, commit),
          (v) => v.sha
        );
      }
    }
  }
};
function hex(digest) {
  return digest ? digest.replace(/^sha256:/, "") : null;
}
function sameContent(src, copy) {
  if (src.size !== copy.size) return false;
  return src.digest ? copy.digest === src.digest : true;
}
function formatAge(ms) {
  if (ms < 0) return `-${formatAge(-ms)}`;
  const d = Math.floor(ms / 864e5);
  const h = Math.floor(ms / 36e5);
  const m = Math.floor(ms % 36e5 / 6e4);
  const sec = Math.floor(ms % 6e4 / 1e3);
  if (h >= 48) return `${d}d${h % 24 ? `${h % 24}h` : ""}`;
  return h ? `${h}h${m ? `${m}m` : ""}` : m ? `${m}m${sec ? `${sec}s` : ""}` : `${sec}s`;
}
async function copyAsset(gh, src, target) {
  const download = await gh.downloadReleaseAsset(src.id);
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    }
  });
  download.once("error", (err) => meter.destroy(err));
  download.pipe(meter);
  let uploaded;
  try {
    uploaded = await gh.uploadReleaseAsset(target, {
      name: src.name,
      label: src.label,
      contentType: src.contentType,
      size: src.size,
      data: meter
    });
  } finally {
    download.unpipe(meter);
    if (!download.destroyed) download.destroy();
  }
  const sha256 = hash.digest("hex");
  const problems = [];
  if (bytes !== src.size) problems.push(`downloaded ${bytes} bytes, the RC asset has ${src.size}`);
  if (uploaded.size !== src.size)
    problems.push(`uploaded asset has ${uploaded.size} bytes, expected ${src.size}`);
  if (src.digest && hex(src.digest) !== sha256)
    problems.push(`downloaded bytes hash to sha256:${sha256}, the RC asset reports ${src.digest}`);
  if (uploaded.digest && hex(uploaded.digest) !== sha256)
    problems.push(`uploaded asset reports ${uploaded.digest}, the bytes sent hash to sha256:${sha256}`);
  if (problems.length) {
    await gh.deleteReleaseAsset(uploaded.id);
    throw new ExternalError(
      `asset ${src.name} was not copied intact (${problems.join("; ")}); the bad copy was deleted`,
      {
        hint: "re-run the promotion: it uploads only the assets that are missing"
      }
    );
  }
  return { asset: uploaded, sha256, bytes };
}

// src/commands/promote.ts
var inputs = {
  ...COMMON_INPUTS,
  "rc-tag": {
    description: "The release candidate tag to promote (v1.0.0-rc4, v1.0.0-rc.4 and 1.0.0-rc4 all work); or set version",
    default: "",
    placeholder: "TAG"
  },
  version: {
    description: "Promote the highest release candidate of this version (1.0.0 or v1.0.0; rc10 > rc9); or set rc-tag",
    default: "",
    placeholder: "VERSION"
  },
  strategy: {
    description: "new-release (a GA tag and release copying notes and assets) or edit-release (the RC release edited in place); default from config, else new-release",
    default: "",
    kind: "enum",
    values: ["new-release", "edit-release"],
    placeholder: "STRATEGY"
  },
  "min-soak": {
    description: "The RC release must be at least this old, e.g. 24h (default from config, else 0)",
    default: "",
    kind: "duration",
    placeholder: "DURATION"
  },
  "skip-checks": {
    description: `Preconditions to skip: false (none), true (all skippable), or a list of ${SKIPPABLE.join(", ")} (default from config, else none)`,
    default: "",
    kind: "list",
    placeholder: "LIST"
  },
  "floating-tags": {
    description: "Move the floating tags (v1, v1.0) to the GA commit (default from config, else false)",
    default: "",
    kind: "boolean"
  },
  "expected-sha": {
    description: "The commit the RC tag must resolve to (e.g. the readiness gate output sha); a tag moved since is refused before any write",
    default: "",
    placeholder: "SHA"
  },
  "allow-rolled-back": {
    description: "Promote a build marked rolled back anyway; the reason is required and written into the GA notes and the evidence",
    default: "",
    placeholder: "REASON"
  },
  "generate-notes": {
    description: "Append GitHub's generated notes since the previous GA to the RC's notes (default from config, else false)",
    default: "",
    kind: "boolean"
  }
};
var outputs = {
  "ga-tag": "The tag of the GA release (for edit-release, the RC tag, which a release cannot change)",
  "release-id": "The GA release id",
  "release-url": "The GA release URL",
  strategy: "The strategy used: new-release or edit-release",
  changed: "true when this run changed something; false on a converged re-run or a dry run"
};
var command = {
  name: "promote",
  summary: "Promote a release candidate to GA (new GA release, or the RC release edited in place)",
  inputs,
  outputs,
  async run(ctx) {
    const settings = await readSettings(ctx);
    const gh = await ctx.github();
    if (!gh) {
      throw ConfigError.input(
        "github-token",
        ctx.host === "cli" ? "a GitHub token is required: export GITHUB_TOKEN (with contents: write) and GITHUB_REPOSITORY" : "a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: contents: write`"
      );
    }
    const custody = await verifyRc(ctx, gh, settings);
    if (custody.mark) {
      settings.allowRolledBack = {
        mark: describeMark(custody.mark),
        reason: ctx.inputs.string("allow-rolled-back")
      };
    }
    const dir = path.resolve(ctx.cwd, artifactsDir(ctx.env, ctx.inputs.string("artifacts-dir")));
    const result = newPromoteResult(settings, ctx.clock);
    const evidence = (error) => writeEvidence(ctx, {
      dir,
      prefix: "promote_report",
      data: {
        kind: "promote",
        repository: `${gh.repo.owner}/${gh.repo.repo}`,
        run: { url: ctx.run.runUrl, sha: ctx.run.sha, actor: ctx.run.actor, event: ctx.run.eventName },
        settings,
        custody: { tag: custody.build.tag, sha: custody.build.sha, rolled_back_mark: custody.mark },
        result,
        ...error ? { error } : {}
      }
    });
    try {
      await promote2({ gh, clock: ctx.clock, logger: ctx.logger, signal: ctx.signal }, settings, result);
    } catch (err) {
      try {
        const file2 = await evidence(errorMessage(err));
        ctx.logger.info(`evidence: ${file2}`);
      } catch (writeErr) {
        ctx.logger.warn(`could not write the evidence file: ${errorMessage(writeErr)}`);
      }
      throw err;
    }
    const file = await evidence();
    return outcome(result, settings, file);
  }
};
var promote_default = command;
async function verifyRc(ctx, gh, s) {
  const expected = ctx.inputs.string("expected-sha");
  if (s.rcTag !== void 0) checkTagName("rc-tag", s.rcTag);
  const found = await findRc(gh, s.rcTag !== void 0 ? { rcTag: s.rcTag } : { version: s.version });
  if (!found.rcRef && s.rcTag === void 0)
    throw ConfigError.input(
      "version",
      `no release candidate of ${s.version} (looked for ${found.searched.join(", ")})`
    );
  const tag = found.rcRef ? found.rcTag : s.rcTag;
  const build = await resolveBuild(gh, {
    input: s.rcTag !== void 0 ? "rc-tag" : "version",
    tag,
    release: "required",
    ...expected ? { expectedSha: expected } : {}
  });
  const label = (await optionalConfig(ctx))?.rollback?.incident.labels[0] ?? "incident";
  const mark = await refuseRolledBack(gh, build, label, ctx.inputs.string("allow-rolled-back"));
  if (mark)
    ctx.logger.warn(
      `promoting a build marked rolled back (${describeMark(mark)}): ${ctx.inputs.string("allow-rolled-back")}`
    );
  return { build, mark };
}
async function readSettings(ctx) {
  const rcTag = ctx.inputs.string("rc-tag");
  const version = ctx.inputs.string("version");
  if (rcTag !== void 0 && version !== void 0)
    throw ConfigError.input("rc-tag", "set rc-tag or version, not both");
  if (rcTag === void 0 && version === void 0) {
    throw ConfigError.input(
      "rc-tag",
      "name the release candidate: rc-tag (e.g. v1.0.0-rc4) or version (e.g. 1.0.0, for its highest RC)"
    );
  }
  const cfg = await promoteConfig(ctx);
  const strategy = ctx.inputs.enum("strategy") ?? cfg.strategy;
  const minSoakMs = ctx.inputs.duration("min-soak") ?? cfg.min_soak;
  const skip = skipList(ctx.inputs.list("skip-checks"), cfg.skip_checks);
  const floatingTags = ctx.inputs.string("floating-tags") === void 0 ? cfg.floating_tags : ctx.inputs.bool("floating-tags");
  const generateNotes = ctx.inputs.string("generate-notes") === void 0 ? cfg.generate_notes : ctx.inputs.bool("generate-notes");
  return {
    rcTag,
    version,
    strategy,
    minSoakMs,
    skip,
    floatingTags,
    generateNotes,
    name: cfg.name,
    // The job running this promotion is itself an in-progress check run on the commit (when the RC
    // commit is the workflow's): it can never be green before we finish, so it is not counted.
    ignoreChecks: [.../* @__PURE__ */ new Set([...cfg.ignore_checks, ...ctx.env.GITHUB_JOB ? [ctx.env.GITHUB_JOB] : []])],
    allowNoChecks: cfg.allow_no_checks,
    dryRun: ctx.inputs.bool("dry-run")
  };
}
async function promoteConfig(ctx) {
  return (await optionalConfig(ctx))?.promote ?? promote.parse({});
}
function skipList(values, fromConfig) {
  if (values.length === 0)
    return fromConfig === true ? [...SKIPPABLE] : fromConfig === false ? [] : [...fromConfig];
  const lower = values.map((v) => v.toLowerCase());
  if (lower.length === 1 && ["false", "none", "no"].includes(lower[0])) return [];
  if (lower.length === 1 && ["true", "all", "yes"].includes(lower[0])) return [...SKIPPABLE];
  const out = [];
  for (const v of lower) {
    if (v === "rc-release" || v === "ga-tag") {
      throw ConfigError.input(
        "skip-checks",
        v === "rc-release" ? "rc-release cannot be skipped: without the RC release there is nothing to promote" : "ga-tag cannot be skipped: release-ops never moves or reuses a GA tag at another commit"
      );
    }
    if (!SKIPPABLE.includes(v)) {
      throw ConfigError.input(
        "skip-checks",
        `unknown precondition "${v}": expected true, false, or a list of ${SKIPPABLE.join(", ")}`
      );
    }
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
var VERDICT_ICON = { pass: "\u2705 pass", fail: "\u274C fail", skipped: "\u23ED\uFE0F skipped" };
function argText(args) {
  return Object.entries(args).filter(([, v]) => v !== void 0).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
}
function outcome(r, s, evidenceFile) {
  const blocks = [];
  blocks.push({
    kind: "text",
    text: `Strategy ${r.strategy}; RC ${r.rcTag}${r.rcCommit ? ` at ${r.rcCommit.slice(0, 12)}` : ""}; GA ${r.gaTag || "(unknown)"}${s.dryRun ? "; dry run: no write is made" : ""}.`
  });
  blocks.push({ kind: "heading", text: "Preconditions" });
  blocks.push({
    kind: "table",
    headers: ["precondition", "verdict", "detail"],
    rows: r.preconditions.map((p) => [`${p.name}`, VERDICT_ICON[p.verdict] ?? p.verdict, p.detail])
  });
  const notEvaluated = Object.keys(PRECONDITIONS).filter(
    (n) => !r.preconditions.some((p) => p.name === n)
  );
  if (notEvaluated.length && r.outcome === "blocked")
    blocks.push({ kind: "text", text: `Not evaluated: ${notEvaluated.join(", ")}.` });
  blocks.push({ kind: "heading", text: s.dryRun ? "Writes that would be made" : "Writes made" });
  if (r.writes.length === 0) {
    blocks.push({
      kind: "text",
      text: r.outcome === "blocked" ? "None: a precondition failed." : "None: everything was already in place."
    });
  } else {
    blocks.push({
      kind: "table",
      headers: ["#", "call", "arguments", "status"],
      rows: r.writes.map((w, i) => [
        String(i + 1),
        w.call,
        argText(w.args),
        w.result ? `${w.status}: ${w.result}` : w.status
      ])
    });
  }
  if (r.assets.length) {
    blocks.push({ kind: "heading", text: "Assets" });
    blocks.push({
      kind: "table",
      headers: ["asset", "bytes", "sha256", "action"],
      rows: r.assets.map((a) => [a.name, String(a.size), a.sha256 ?? "(not reported)", a.action])
    });
  }
  const info = [...r.recovered.map((x) => `found: ${x}`), ...r.notes];
  if (r.previousStable !== null) info.push(`generated notes start at the previous GA ${r.previousStable}`);
  if (s.minSoakMs > 0) info.push(`minimum soak ${formatDuration(s.minSoakMs)}`);
  if (info.length) blocks.push({ kind: "list", items: info });
  const failed = r.preconditions.filter((p) => p.verdict === "fail");
  const value = r.outcome === "blocked" ? `blocked by ${failed.map((p) => p.name).join(", ")}` : r.outcome === "planned" ? `would promote ${r.rcTag} to ${r.gaTag}${r.strategy === "edit-release" ? ` in place (tag ${r.releaseTag})` : ""} (${r.writes.length} write${r.writes.length === 1 ? "" : "s"})` : r.outcome === "converged" ? `${r.releaseTag} is already GA: nothing to do` : r.strategy === "edit-release" ? `promoted ${r.rcTag} to GA ${r.gaTag} in place (the release keeps tag ${r.releaseTag})` : `promoted ${r.rcTag} to ${r.releaseTag}`;
  blocks.push({
    kind: "result",
    label: "Result",
    value: r.release ? `${value} \u2014 ${r.release.url}` : value,
    ok: r.outcome !== "blocked"
  });
  blocks.push({ kind: "text", text: `Evidence: ${evidenceFile}` });
  const report = {
    title: `rc-to-ga: ${r.rcTag || "?"} \u2192 ${r.gaTag || "?"}`,
    blocks
  };
  return {
    exitCode: r.outcome === "blocked" ? 1 : 0,
    outputs: {
      "ga-tag": r.releaseTag || r.gaTag,
      "release-id": r.release ? String(r.release.id) : "",
      "release-url": r.release?.url ?? "",
      strategy: r.strategy,
      changed: String(r.changed)
    },
    report,
    failMessage: r.outcome === "blocked" ? `promotion blocked: ${failed.map((p) => `${p.name} (${p.detail})`).join("; ")}` : void 0
  };
}

export {
  inputs,
  outputs,
  promote_default,
  skipList
};
