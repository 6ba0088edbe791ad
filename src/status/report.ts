/**
 * The status table (the CLI's report and the job summary): what is live in each environment, what
 * never settled, the latest GA and the newest RC of each version line, and the builds marked rolled
 * back.
 */
import { describeMark } from '../ledger/marks.js';
import type { Block, ReportDoc } from '../report/doc.js';
import { utcTime } from '../rollback/banner.js';
import type { EnvironmentJson, ReleaseJson, StatusJson } from './model.js';
import { PAGE } from './run.js';

/** Version lines the table shows (the JSON has every line among the newest releases). */
const TABLE_LINES = 5;

const when = (iso: string | null): string => (iso ? utcTime(Date.parse(iso)) : '—');
const short = (sha: string | null): string => (sha ? sha.slice(0, 12) : 'commit unknown');
/** `v1.1.0-rc1 = v1.1.0 (0123456789ab)`: one build, every tag of it. */
const build = (tags: string[], sha: string | null): string => `${tags.join(' = ')} (${short(sha)})`;

export function statusReport(s: StatusJson, o: { repository: string; environment?: string }): ReportDoc {
  const title = o.environment ? `status of ${o.environment} in ${o.repository}` : `status of ${o.repository}`;
  return {
    title,
    blocks: [...liveBlocks(s, o), ...unsettledBlocks(s), ...releaseBlocks(s), ...markBlocks(s)],
  };
}

function liveBlocks(s: StatusJson, o: { repository: string; environment?: string }): Block[] {
  const heading: Block = { kind: 'heading', text: 'What is live' };
  if (s.environments.length === 0) {
    const text = o.environment
      ? `Nothing recorded in ${o.environment}: no deployment among its newest ${PAGE}.`
      : `No deployment recorded in ${o.repository} (the newest ${PAGE} were read; name one with --environment).`;
    return [heading, { kind: 'text', text }];
  }
  const headers = [
    'environment',
    'live build',
    'since (UTC)',
    'actor',
    'last result',
    'rolled back',
    'incident',
    'run',
  ];
  return [heading, { kind: 'table', headers, rows: s.environments.map(liveRow) }];
}

function liveRow(e: EnvironmentJson): string[] {
  if (e.tag === null)
    return [
      e.environment,
      `nothing live (no successful deployment among the newest ${PAGE})`,
      '—',
      '—',
      '—',
      '—',
      '—',
      '—',
    ];
  return [
    e.environment,
    build(e.tags, e.sha),
    when(e.since),
    e.actor ?? '—',
    e.last_result ?? '—',
    e.rolled_back ? 'yes' : 'no',
    e.incident_url ?? '—',
    e.run_url ?? '—',
  ];
}

function unsettledBlocks(s: StatusJson): Block[] {
  const items = s.environments.flatMap((e) =>
    e.unsettled.map(
      (u) =>
        `${e.environment}: ${u.tag} (${short(u.sha)}) ${u.state} since ${when(u.since)}` +
        `${u.description ? ` — ${u.description}` : ''}${u.actor ? `, by ${u.actor}` : ''}${u.run_url ? `, run ${u.run_url}` : ''}`,
    ),
  );
  if (!items.length) return [];
  return [
    { kind: 'heading', text: 'Not settled (newer than what is live)' },
    { kind: 'list', items },
  ];
}

function releaseBlocks(s: StatusJson): Block[] {
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
  return [
    { kind: 'heading', text: 'Releases' },
    rows.length
      ? { kind: 'table', headers: ['', 'build', 'published (UTC)', 'rolled back', 'release'], rows }
      : { kind: 'text', text: 'No published release.' },
  ];
}

function markBlocks(s: StatusJson): Block[] {
  const heading: Block = { kind: 'heading', text: 'Builds marked rolled back' };
  if (!s.releases.rolled_back.length)
    return [
      heading,
      { kind: 'text', text: 'None: no release carries the rollback banner, no incident is open.' },
    ];
  const items = s.releases.rolled_back.map((m) => {
    const text = describeMark({
      sha: m.sha ?? '',
      tag: m.tags.join(' = '),
      at: m.at,
      reason: m.reason,
      restored: m.restored,
      incidentUrl: m.incident_url,
    });
    return m.sha ? text : text.replace(' () ', ' ');
  });
  return [heading, { kind: 'list', items }];
}
