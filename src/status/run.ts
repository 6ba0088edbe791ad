/**
 * `status`: what is live where, and which builds are marked rolled back — read from GitHub, never
 * remembered by us. The steps, each recorded in the journal (reads only):
 * 1. `deployments`: one page of the newest deployments (every environment, or the one asked for);
 *    each environment is read newest first until its live deployment (one request per deployment
 *    opened);
 * 2. `releases`: the latest release, one page of the newest releases (latest GA, newest RC per version
 *    line, our rollback banners) and one listing of the open incidents;
 * 3. `commits`: a release's commit is its `target_commitish` when that is a commit (release-ops creates
 *    them so), else what a deployment of its tag recorded; only releases shown and still unknown cost
 *    one listing of the tags (plus one read per annotated tag);
 * 4. `rolled-back builds`: one mark per build, from our banner on a release of it or an open incident.
 * Five requests for one environment whose newest deployment is live.
 */
import { Journal } from '../journal/journal.js';
import { readEnvironment, type EnvironmentView } from '../ledger/ledger.js';
import { bannerMark, type RolledBackMark } from '../ledger/marks.js';
import type { Clock, Deployment, GitHubPort, Logger, Release } from '../ports/index.js';
import { compareVersions, parseVersion, rcNumber } from '../release/version.js';
import { utcTime } from '../rollback/banner.js';
import { listIncidents, type FoundIncident } from '../rollback/incident.js';
import { statusJson, type StatusJson } from './model.js';
import type { StatusSettings } from './settings.js';
import { Shas } from './shas.js';

/** Deployments GitHub lists on one page: an environment read from a full page may have older ones. */
export const PAGE = 100;
const SHA = /^[0-9a-f]{40}$/;

export interface StatusDeps {
  gh: GitHubPort;
  clock: Clock;
  logger: Logger;
}

export interface StatusRun {
  status: StatusJson;
  journal: Journal;
  startedAt: number;
  endedAt: number;
}

/** What the steps have read so far. */
export interface Reading {
  deployments: Deployment[];
  views: EnvironmentView[];
  latest: Release | null;
  releases: Map<string, Release>;
  incidents: FoundIncident[];
  shas: Shas;
  newest: Map<string, Release>;
  banners: Release[];
  marks: RolledBackMark[];
}

export async function runStatus(
  deps: StatusDeps,
  s: Pick<StatusSettings, 'environment' | 'incidentLabel'>,
): Promise<StatusRun> {
  // a read leaves the terminal to its answer: the steps are logged at debug level
  const journal = new Journal(deps.clock, { ...deps.logger, info: (m) => deps.logger.debug(m) });
  const startedAt = deps.clock.now();
  const r: Reading = {
    deployments: [],
    views: [],
    latest: null,
    releases: new Map(),
    incidents: [],
    shas: new Shas(deps.gh),
    newest: new Map(),
    banners: [],
    marks: [],
  };
  await journal.step('deployments', () => readDeployments(deps.gh, s.environment, r));
  await journal.step('releases', () => readReleases(deps.gh, s.incidentLabel, r));
  await journal.step('commits', () => resolveCommits(r));
  await journal.step('rolled-back builds', async () => {
    r.marks = rolledBackMarks(r.banners, r.incidents, r.shas);
    return { status: 'done', detail: r.marks.length ? r.marks.map((m) => m.tag).join(', ') : 'none' };
  });
  return { status: statusJson(r), journal, startedAt, endedAt: deps.clock.now() };
}

async function readDeployments(gh: GitHubPort, environment: string | undefined, r: Reading) {
  r.deployments = await gh.listDeployments(environment ? { environment, maxPages: 1 } : { maxPages: 1 });
  const names = environment ? [environment] : environmentsOf(r.deployments);
  for (const name of names) {
    let view = await readEnvironment(gh, name, { deployments: r.deployments });
    // From a full page of every environment, one environment's live deployment may be older: read it alone.
    if (!view.live && !environment && r.deployments.length >= PAGE) view = await readEnvironment(gh, name);
    r.views.push(view);
  }
  const live = r.views.map((v) => `${v.environment}: ${v.live ? v.live.tag : 'nothing live'}`);
  return { status: 'done' as const, detail: live.join('; ') || 'no deployment recorded' };
}

async function readReleases(gh: GitHubPort, incidentLabel: string, r: Reading) {
  const [latest, page, incidents] = await Promise.all([
    gh.getLatestRelease(),
    gh.listReleases({ maxPages: 1 }),
    listIncidents(gh, incidentLabel, 'open'),
  ]);
  r.latest = latest;
  r.incidents = incidents;
  for (const x of [...page, ...(latest ? [latest] : [])]) if (!x.draft) r.releases.set(x.tagName, x);
  // A live build whose release is older than the page: its notes may carry our banner.
  for (const v of r.views) {
    if (v.live && !r.releases.has(v.live.tag)) {
      const x = await gh.getReleaseByTag(v.live.tag);
      if (x && !x.draft) r.releases.set(x.tagName, x);
    }
  }
  return {
    status: 'done' as const,
    detail: `${r.releases.size} release${r.releases.size === 1 ? '' : 's'}, latest ${latest?.tagName ?? 'none'}; ${incidents.length} open incident${incidents.length === 1 ? '' : 's'}`,
  };
}

/** Every tag → commit known from what was read; the ones shown and still unknown are resolved. */
async function resolveCommits(r: Reading) {
  const { shas } = r;
  for (const x of r.releases.values())
    if (SHA.test(x.targetCommitish)) shas.set(x.tagName, x.targetCommitish);
  for (const d of r.deployments) shas.set(ledgerTag(d), d.sha);
  for (const v of r.views) for (const e of v.read) shas.set(e.tag, e.sha);
  for (const i of r.incidents) if (i.state?.fromSha) shas.set(i.state.from, i.state.fromSha);
  // What is shown: the latest GA, the newest RC of each version line, the releases with our banner.
  r.newest = newestRcs([...r.releases.values()]);
  r.banners = [...r.releases.values()].filter((x) => bannerMark(x, '') !== null);
  const resolved = await shas.resolve([
    ...(r.latest ? [r.latest.tagName] : []),
    ...[...r.newest.values()].map((x) => x.tagName),
    ...r.banners.map((x) => x.tagName),
    ...r.incidents.flatMap((i) => (i.state ? [i.state.from] : [])),
  ]);
  return {
    status: 'done' as const,
    detail: `${shas.size} tags known${resolved ? `; ${resolved} looked up through the tags` : ''}`,
  };
}

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

/** The highest RC of each version line (`1.1`) among the releases, the highest line first. */
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
    if (!marks.some((m) => same(m, r.tagName, sha))) marks.push(bannerMark(r, sha ?? '')!);
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
