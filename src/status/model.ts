/**
 * The status as one JSON document (`status --json`, the root action's `json` output): what is live in
 * each environment, and the releases. docs/ledger.md lists every field.
 */
import { isUnsettled, type EnvironmentView, type LedgerEntry } from '../ledger/ledger.js';
import type { RolledBackMark } from '../ledger/marks.js';
import type { Release } from '../ports/index.js';
import type { FoundIncident } from '../rollback/incident.js';
import type { Reading } from './run.js';
import type { Shas } from './shas.js';

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

type MarkOf = (tag: string, sha: string | null) => RolledBackMark | null;

/** The document, from what the steps read. */
export function statusJson(r: Reading): StatusJson {
  const { shas, marks } = r;
  const markOf: MarkOf = (tag, sha) =>
    marks.find((m) => (sha !== null && m.sha === sha) || shas.tagsOf(m.tag, m.sha || null).includes(tag)) ??
    null;
  const releaseJson = (x: Release): ReleaseJson => {
    const sha = shas.get(x.tagName);
    return {
      tag: x.tagName,
      sha,
      tags: shas.tagsOf(x.tagName, sha),
      published_at: x.publishedAt,
      url: x.htmlUrl,
      rolled_back: markOf(x.tagName, sha) !== null,
    };
  };
  return {
    environments: r.views.map((v) => environmentJson(v, shas, markOf, r.incidents)),
    releases: {
      latest: r.latest ? releaseJson(r.latest) : null,
      newest_rc: Object.fromEntries([...r.newest].map(([line, x]) => [line, releaseJson(x)])),
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

function environmentJson(
  v: EnvironmentView,
  shas: Shas,
  markOf: MarkOf,
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
