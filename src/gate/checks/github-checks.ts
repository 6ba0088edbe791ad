import type { GitHubChecksCheckConfig } from '../../config/schema/gate.js';
import { clip, human } from '../format.js';
import type { CheckContext, CheckImpl, CheckOutcome, Limit } from '../types.js';
import { classify, type CheckItem } from '../../commit-status/classify.js';

const list = (items: CheckItem[]) => items.map((i) => `${i.name} (${i.raw})`).join(', ');

/**
 * `github-checks`: every check run and commit status on the commit is green (both APIs). Pending ones
 * are polled every `poll_interval` for up to `wait`; a red one fails at once. A commit with no checks at
 * all fails unless `allow_none: true` — it is reported, never silently passed. Without a GitHub token
 * the check fails and says how to give it one.
 */
export const githubChecksCheck: CheckImpl<GitHubChecksCheckConfig> = {
  async run(check, ctx) {
    if (!ctx.github) {
      return {
        ok: false,
        detail:
          'needs the GitHub API but no token was given: set input github-token (default github.token, with checks: read and statuses: read) or GITHUB_TOKEN in a terminal',
      };
    }
    const ref = check.ref ?? ctx.sha;
    if (!ref) {
      return {
        ok: false,
        detail: 'no commit to inspect: set ref, input sha, or run it in a workflow (GITHUB_SHA)',
      };
    }
    const ignore = new Set([...check.ignore, ...ctx.selfNames]);
    const started = ctx.clock.now();
    for (let polls = 1; ; polls++) {
      const seen = await look(ctx, ref, ignore, { polls, started });
      const short = ref.length === 40 ? ref.slice(0, 7) : ref;
      const done = verdictOf(check, ctx, seen, short, started + check.wait);
      if (done) return done;
      ctx.logger.info(
        `${seen.pending.length} check(s) pending on ${short} (${list(seen.pending)}); next look in ${human(check.poll_interval)}`,
      );
      await ctx.clock.sleep(check.poll_interval, ctx.signal);
    }
  },

  describe(check, deps) {
    const ref = check.ref ?? deps.sha ?? '(the workflow sha)';
    return `GitHub check runs and commit statuses on ${ref} all green (wait up to ${human(check.wait)}${check.allow_none ? ', none allowed' : ''})`;
  },

  /** Long enough to wait `wait` and look once more. */
  defaultTimeoutMs: (check) => Math.max(300_000, check.wait + check.poll_interval + 60_000),
};

/** One look at the commit's check runs and statuses, classified. */
interface Seen {
  items: CheckItem[];
  red: CheckItem[];
  pending: CheckItem[];
  green: CheckItem[];
  limits: Limit[];
  data: {
    ref: string;
    polls: number;
    waited_ms: number;
    check_runs: CheckItem[];
    statuses: CheckItem[];
    ignored: string[];
  };
}

async function look(
  ctx: CheckContext,
  ref: string,
  ignore: Set<string>,
  at: { polls: number; started: number },
): Promise<Seen> {
  const github = ctx.github!;
  const [runs, statuses] = await Promise.all([github.listCheckRuns(ref), github.listCommitStatuses(ref)]);
  const classified = classify(runs, statuses, ignore);
  const items = classified.items;
  const red = items.filter((i) => i.state === 'red');
  const pending = items.filter((i) => i.state === 'pending');
  return {
    items,
    red,
    pending,
    green: items.filter((i) => i.state === 'green'),
    limits: [
      { what: 'red', value: red.length, limit: 0, ok: red.length === 0 },
      { what: 'pending', value: pending.length, limit: 0, ok: pending.length === 0 },
    ],
    data: {
      ref,
      polls: at.polls,
      waited_ms: ctx.clock.now() - at.started,
      check_runs: items.filter((i) => i.kind === 'check_run'),
      statuses: items.filter((i) => i.kind === 'status'),
      ignored: [...new Set(classified.ignored.map((i) => i.name))].sort(),
    },
  };
}

/** The outcome of a look: red fails at once, all green passes, pending past `wait` fails; else null (look again). */
function verdictOf(
  check: GitHubChecksCheckConfig,
  ctx: CheckContext,
  seen: Seen,
  short: string,
  waitUntil: number,
): CheckOutcome | null {
  const { red, pending, green, items, limits, data } = seen;
  const text = (t: string) => clip(ctx.redactor, t, 300);
  if (red.length > 0)
    return { ok: false, detail: text(`${red.length} red on ${short}: ${list(red)}`), limits, data };
  if (pending.length > 0) {
    if (ctx.clock.now() + check.poll_interval <= waitUntil) return null;
    const waited = human(data.waited_ms);
    return {
      ok: false,
      detail: text(`${pending.length} still pending on ${short} after ${waited}: ${list(pending)}`),
      limits,
      data,
    };
  }
  if (items.length === 0) {
    return check.allow_none
      ? { ok: true, detail: `no check runs or commit statuses on ${short} (allow_none)`, limits, data }
      : {
          ok: false,
          detail: `no check runs or commit statuses on ${short}: nothing says it is green (set allow_none: true to accept that)`,
          limits: [...limits, { what: 'checks', value: 0, limit: 1, ok: false }],
          data,
        };
  }
  const runsN = data.check_runs.length;
  const statusesN = data.statuses.length;
  const notable = green.filter((i) => i.raw === 'skipped' || i.raw === 'neutral');
  return {
    ok: true,
    detail: text(
      `${green.length} green on ${short}: ${runsN} check run${runsN === 1 ? '' : 's'}, ${statusesN} status${statusesN === 1 ? '' : 'es'}` +
        (notable.length ? ` (${list(notable)})` : '') +
        (data.polls > 1 ? `, after waiting ${human(data.waited_ms)}` : ''),
    ),
    limits,
    data,
  };
}
