/**
 * `status`: what is live where, and which builds are marked rolled back — read from GitHub, never
 * remembered by us. `release-ops status [--environment E] [--json]`, and the root action's `status`
 * command (its `json` output; the table becomes the job summary).
 *
 * What it reads, and why it stays cheap however long the history is (five requests for one
 * environment whose newest deployment is live):
 * - one page of the newest deployments (every environment, or the one asked for); each environment is
 *   read newest first until its live deployment (one request per deployment opened);
 * - the latest release, and one page of the newest releases (latest GA, newest RC per version line,
 *   our rollback banners);
 * - one listing of the open incidents.
 * A release's commit is its `target_commitish` when that is a commit (release-ops creates them so),
 * else what a deployment of its tag recorded; only releases shown and still unknown cost one listing of
 * the tags (plus one read per annotated tag).
 */
import { ConfigError } from '../errors.js';
import { isUnsettled, readEnvironment, type EnvironmentView, type LedgerEntry } from '../ledger/ledger.js';
import { bannerMark, describeMark, type RolledBackMark } from '../ledger/marks.js';
import type { Deployment, GitHubPort, Release } from '../ports/index.js';
import { compareVersions, parseVersion, rcNumber } from '../release/version.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { utcTime } from '../rollback/banner.js';
import { listIncidents, type FoundIncident } from '../rollback/incident.js';
import { optionalConfig } from './config.js';
import { COMMON_INPUTS, type InputSpecs } from './inputs.js';
import type { Command, Outcome } from './types.js';

export const inputs = {
  config: COMMON_INPUTS.config,
  'config-inline': COMMON_INPUTS['config-inline'],
  'github-token': COMMON_INPUTS['github-token'],
  environment: {
    description:
      'Show only this deployment environment (default: every environment among the newest deployments)',
    default: '',
    placeholder: 'ENV',
  },
  json: {
    description: 'Print the status as one JSON document (the json output) instead of the table',
    default: 'false',
    kind: 'boolean',
    cliOnly: true,
  },
} as const satisfies InputSpecs;

export const outputs = {
  json: 'The status as one JSON document: what is live in each environment, and the releases',
};

/** Deployments GitHub lists on one page: an environment read from a full page may have older ones. */
const PAGE = 100;
const SHA = /^[0-9a-f]{40}$/;
/** Version lines the table shows (the JSON has every line among the newest releases). */
const TABLE_LINES = 5;

export interface UnsettledJson {
  tag: string;
  sha: string;
  state: string;
  since: string;
  actor: string | null;
  run_url: string | null;
  description: string | null;
}

export interface EnvironmentJson {
  environment: string;
  tag: string | null;
  sha: string | null;
  /** Every tag of the live build known here (its RC and its GA are one build). */
  tags: string[];
  since: string | null;
  actor: string | null;
  run_url: string | null;
  rolled_back: boolean;
  incident_url: string | null;
  last_result: string | null;
  unsettled: UnsettledJson[];
}

export interface ReleaseJson {
  tag: string;
  sha: string | null;
  tags: string[];
  published_at: string | null;
  url: string;
  rolled_back: boolean;
}

export interface MarkJson {
  tag: string;
  sha: string | null;
  tags: string[];
  at: string | null;
  reason: string | null;
  restored: string | null;
  incident_url: string | null;
}

export interface StatusJson {
  environments: EnvironmentJson[];
  releases: {
    latest: ReleaseJson | null;
    /** Keyed by version line, `1.1`. */
    newest_rc: Record<string, ReleaseJson>;
    rolled_back: MarkJson[];
  };
}

const command: Command = {
  name: 'status',
  summary: 'Show what is live in each environment, the latest releases and the builds marked rolled back',
  inputs,
  outputs,
  async run(ctx): Promise<Outcome> {
    const environment = ctx.inputs.string('environment');
    const asJson = ctx.host === 'cli' && ctx.inputs.bool('json');
    const gh = await ctx.github();
    if (!gh) {
      throw ConfigError.input(
        'github-token',
        ctx.host === 'cli'
          ? 'a GitHub token is required: export GITHUB_TOKEN (with read access to deployments, contents and issues) and GITHUB_REPOSITORY'
          : 'a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: { deployments: read, contents: read, issues: read }`',
      );
    }
    const label = (await optionalConfig(ctx))?.rollback?.incident.labels[0] ?? 'incident';
    const status = await readStatus(gh, { environment, incidentLabel: label });
    const json = JSON.stringify(status);
    const repository = `${gh.repo.owner}/${gh.repo.repo}`;
    return {
      exitCode: 0,
      // The CLI prints the json output alone with --json; without it, the table is the whole answer.
      outputs: ctx.host === 'action' || asJson ? { json } : {},
      report: statusReport(status, { repository, environment }),
    };
  },
};
export default command;

/** Reads the ledger and the releases and puts them together (the JSON document `status --json` prints). */
export async function readStatus(
  gh: GitHubPort,
  o: { environment?: string; incidentLabel: string },
): Promise<StatusJson> {
  const deployments = await gh.listDeployments(
    o.environment ? { environment: o.environment, maxPages: 1 } : { maxPages: 1 },
  );
  const names = o.environment ? [o.environment] : environmentsOf(deployments);
  const views: EnvironmentView[] = [];
  for (const name of names) {
    let view = await readEnvironment(gh, name, { deployments });
    // From a full page of every environment, one environment's live deployment may be older: read it alone.
    if (!view.live && !o.environment && deployments.length >= PAGE) view = await readEnvironment(gh, name);
    views.push(view);
  }
  const [latest, page, incidents] = await Promise.all([
    gh.getLatestRelease(),
    gh.listReleases({ maxPages: 1 }),
    listIncidents(gh, o.incidentLabel, 'open'),
  ]);

  const releases = new Map<string, Release>();
  for (const r of [...page, ...(latest ? [latest] : [])]) if (!r.draft) releases.set(r.tagName, r);
  // A live build whose release is older than the page: its notes may carry our banner.
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

  // What is shown: the latest GA, the newest RC of each version line, the releases with our banner.
  const newest = newestRcs([...releases.values()]);
  const banners = [...releases.values()].filter((r) => bannerMark(r, '') !== null);
  await shas.resolve([
    ...(latest ? [latest.tagName] : []),
    ...[...newest.values()].map((r) => r.tagName),
    ...banners.map((r) => r.tagName),
    ...incidents.flatMap((i) => (i.state ? [i.state.from] : [])),
  ]);

  const marks = rolledBackMarks(banners, incidents, shas);
  const markOf = (tag: string, sha: string | null): RolledBackMark | null =>
    marks.find((m) => (sha !== null && m.sha === sha) || shas.tagsOf(m.tag, m.sha || null).includes(tag)) ??
    null;
  const releaseJson = (r: Release): ReleaseJson => {
    const sha = shas.get(r.tagName);
    return {
      tag: r.tagName,
      sha,
      tags: shas.tagsOf(r.tagName, sha),
      published_at: r.publishedAt,
      url: r.htmlUrl,
      rolled_back: markOf(r.tagName, sha) !== null,
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
        incident_url: m.incidentUrl,
      })),
    },
  };
}

/** Our banner and incident record write `<` and `>` as entities (so no text forms a marker): undo it. */
const plain = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>');

/** Environments in the order of their newest deployment. */
function environmentsOf(deployments: Deployment[]): string[] {
  const names: string[] = [];
  for (const d of [...deployments].sort((a, b) => b.id - a.id))
    if (!names.includes(d.environment)) names.push(d.environment);
  return names;
}

/** The tag a deployment's payload names, else its ref. */
function ledgerTag(d: Deployment): string {
  const p = d.payload.release_ops;
  const tag = p !== null && typeof p === 'object' ? (p as Record<string, unknown>).tag : undefined;
  return typeof tag === 'string' && tag !== '' ? tag : d.ref;
}

function environmentJson(
  v: EnvironmentView,
  shas: Shas,
  markOf: (tag: string, sha: string | null) => RolledBackMark | null,
  incidents: FoundIncident[],
): EnvironmentJson {
  // Newer than the live one and never settled; one without any status yet is what GitHub shows as pending.
  const unsettled = v.read
    .filter((e) => e !== v.live && (e.state === null || isUnsettled(e.state)))
    .map(unsettledJson);
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
      unsettled,
    };
  const tags = shas.tagsOf(live.tag, live.sha);
  const mark = markOf(live.tag, live.sha);
  // An open incident about this build, or one that restored it (the environment is still under it).
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
    unsettled,
  };
}

function unsettledJson(e: LedgerEntry): UnsettledJson {
  const latest = e.statuses[0];
  return {
    tag: e.tag,
    sha: e.sha,
    state: e.state ?? 'pending',
    since: latest?.createdAt ?? e.deployment.createdAt,
    actor: e.actor,
    run_url: e.runUrl,
    description: latest?.description || null,
  };
}

/** The highest RC of each version line (`1.1`) among the releases. */
function newestRcs(releases: Release[]): Map<string, Release> {
  const best = new Map<string, { r: Release; v: NonNullable<ReturnType<typeof parseVersion>> }>();
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

/** One mark per build: our banner on a release of it, an open incident for it (merged when both). */
function rolledBackMarks(banners: Release[], incidents: FoundIncident[], shas: Shas): RolledBackMark[] {
  const marks: RolledBackMark[] = [];
  const same = (m: RolledBackMark, tag: string, sha: string | null) =>
    (sha !== null && m.sha === sha) || m.tag === tag;
  for (const r of banners) {
    const sha = shas.get(r.tagName);
    const mark = bannerMark(r, sha ?? '')!;
    const found = marks.find((m) => same(m, r.tagName, sha));
    if (!found) marks.push(mark);
  }
  for (const i of incidents) {
    if (!i.state) continue;
    const sha = i.state.fromSha ?? shas.get(i.state.from);
    const found = marks.find((m) => same(m, i.state!.from, sha));
    if (found) {
      found.incidentUrl ??= i.issue.htmlUrl;
      continue;
    }
    marks.push({
      sha: sha ?? '',
      tag: i.state.from,
      at: utcTime(i.state.at),
      reason: i.state.reason,
      restored: i.state.to,
      incidentUrl: i.issue.htmlUrl,
    });
  }
  return marks;
}

/** Tag → commit, from what was read; unknown ones shown are resolved with as few requests as can be. */
class Shas {
  private readonly byTag = new Map<string, string>();
  constructor(private readonly gh: GitHubPort) {}

  set(tag: string, sha: string): void {
    if (!this.byTag.has(tag)) this.byTag.set(tag, sha);
  }

  get(tag: string): string | null {
    return this.byTag.get(tag) ?? null;
  }

  /** `tag` and every other tag known on the same commit, the tag itself first. */
  tagsOf(tag: string, sha: string | null): string[] {
    const others = sha === null ? [] : [...this.byTag].filter(([t, s]) => s === sha && t !== tag);
    return [tag, ...others.map(([t]) => t).sort()];
  }

  /** One listing of the tags for every unknown one, then one read per annotated tag among them. */
  async resolve(tags: string[]): Promise<void> {
    const unknown = [...new Set(tags)].filter((t) => !this.byTag.has(t));
    if (unknown.length === 0) return;
    const refs = new Map(
      (await this.gh.listMatchingRefs('tags/')).map((r) => [r.ref.replace(/^refs\/tags\//, ''), r]),
    );
    for (const tag of unknown) {
      const ref = refs.get(tag);
      if (!ref) continue;
      const sha = ref.type === 'commit' ? ref.sha : await this.gh.resolveTagCommit(tag);
      if (sha) this.set(tag, sha);
    }
  }
}

// ── the table (the CLI's report and the job summary) ──────────────────────────────────────────

const when = (iso: string | null): string => (iso ? utcTime(Date.parse(iso)) : '—');
const short = (sha: string | null): string => (sha ? sha.slice(0, 12) : 'commit unknown');
/** `v1.1.0-rc1 = v1.1.0 (0123456789ab)`: one build, every tag of it. */
const build = (tags: string[], sha: string | null): string => `${tags.join(' = ')} (${short(sha)})`;

export function statusReport(s: StatusJson, o: { repository: string; environment?: string }): ReportDoc {
  const blocks: Block[] = [{ kind: 'heading', text: 'What is live' }];
  if (s.environments.length === 0) {
    blocks.push({
      kind: 'text',
      text: o.environment
        ? `Nothing recorded in ${o.environment}: no deployment among its newest ${PAGE}.`
        : `No deployment recorded in ${o.repository} (the newest ${PAGE} were read; name one with --environment).`,
    });
  } else {
    blocks.push({
      kind: 'table',
      headers: [
        'environment',
        'live build',
        'since (UTC)',
        'actor',
        'last result',
        'rolled back',
        'incident',
        'run',
      ],
      rows: s.environments.map((e) =>
        e.tag === null
          ? [
              e.environment,
              `nothing live (no successful deployment among the newest ${PAGE})`,
              '—',
              '—',
              '—',
              '—',
              '—',
              '—',
            ]
          : [
              e.environment,
              build(e.tags, e.sha),
              when(e.since),
              e.actor ?? '—',
              e.last_result ?? '—',
              e.rolled_back ? 'yes' : 'no',
              e.incident_url ?? '—',
              e.run_url ?? '—',
            ],
      ),
    });
  }
  const unsettled = s.environments.flatMap((e) =>
    e.unsettled.map(
      (u) =>
        `${e.environment}: ${u.tag} (${short(u.sha)}) ${u.state} since ${when(u.since)}` +
        `${u.description ? ` — ${u.description}` : ''}${u.actor ? `, by ${u.actor}` : ''}${u.run_url ? `, run ${u.run_url}` : ''}`,
    ),
  );
  if (unsettled.length) {
    blocks.push(
      { kind: 'heading', text: 'Not settled (newer than what is live)' },
      { kind: 'list', items: unsettled },
    );
  }

  blocks.push({ kind: 'heading', text: 'Releases' });
  const rows: string[][] = [];
  const row = (what: string, r: ReleaseJson) => [
    what,
    build(r.tags, r.sha),
    when(r.published_at),
    r.rolled_back ? 'yes' : 'no',
    r.url,
  ];
  if (s.releases.latest) rows.push(row('latest GA', s.releases.latest));
  const lines = Object.entries(s.releases.newest_rc);
  for (const [line, r] of lines.slice(0, TABLE_LINES)) rows.push(row(`newest RC of ${line}`, r));
  if (lines.length > TABLE_LINES)
    rows.push([`${lines.length - TABLE_LINES} older version lines`, '(in the json output)', '', '', '']);
  if (rows.length)
    blocks.push({ kind: 'table', headers: ['', 'build', 'published (UTC)', 'rolled back', 'release'], rows });
  else blocks.push({ kind: 'text', text: 'No published release.' });

  blocks.push({ kind: 'heading', text: 'Builds marked rolled back' });
  if (s.releases.rolled_back.length) {
    blocks.push({
      kind: 'list',
      items: s.releases.rolled_back.map((m) => {
        const text = describeMark({
          sha: m.sha ?? '',
          tag: m.tags.join(' = '),
          at: m.at,
          reason: m.reason,
          restored: m.restored,
          incidentUrl: m.incident_url,
        });
        return m.sha ? text : text.replace(' () ', ' ');
      }),
    });
  } else {
    blocks.push({ kind: 'text', text: 'None: no release carries the rollback banner, no incident is open.' });
  }
  const title = o.environment ? `status of ${o.environment} in ${o.repository}` : `status of ${o.repository}`;
  return { title, blocks };
}
