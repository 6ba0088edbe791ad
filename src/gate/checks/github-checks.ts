import type { GitHubChecksCheckConfig } from '../../config/schema/gate.js';
import { clip, human } from '../format.js';
import type { CheckImpl } from '../types.js';
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
    const waitUntil = started + check.wait;
    let polls = 0;
    for (;;) {
      polls++;
      const [runs, statuses] = await Promise.all([
        ctx.github.listCheckRuns(ref),
        ctx.github.listCommitStatuses(ref),
      ]);
      const classified = classify(runs, statuses, ignore);
      const items = classified.items;
      const ignored = [...new Set(classified.ignored.map((i) => i.name))].sort();
      const red = items.filter((i) => i.state === 'red');
      const pending = items.filter((i) => i.state === 'pending');
      const green = items.filter((i) => i.state === 'green');
      const waited = ctx.clock.now() - started;
      const data = {
        ref,
        polls,
        waited_ms: waited,
        check_runs: items.filter((i) => i.kind === 'check_run'),
        statuses: items.filter((i) => i.kind === 'status'),
        ignored,
      };
      const limits = [
        { what: 'red', value: red.length, limit: 0, ok: red.length === 0 },
        { what: 'pending', value: pending.length, limit: 0, ok: pending.length === 0 },
      ];
      const short = ref.length === 40 ? ref.slice(0, 7) : ref;
      if (red.length > 0) {
        return {
          ok: false,
          detail: clip(ctx.redactor, `${red.length} red on ${short}: ${list(red)}`, 300),
          limits,
          data,
        };
      }
      if (pending.length === 0) {
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
          detail: clip(
            ctx.redactor,
            `${green.length} green on ${short}: ${runsN} check run${runsN === 1 ? '' : 's'}, ${statusesN} status${statusesN === 1 ? '' : 'es'}` +
              (notable.length ? ` (${list(notable)})` : '') +
              (polls > 1 ? `, after waiting ${human(waited)}` : ''),
            300,
          ),
          limits,
          data,
        };
      }
      if (ctx.clock.now() + check.poll_interval > waitUntil) {
        return {
          ok: false,
          detail: clip(
            ctx.redactor,
            `${pending.length} still pending on ${short} after ${human(waited)}: ${list(pending)}`,
            300,
          ),
          limits,
          data,
        };
      }
      ctx.logger.info(
        `${pending.length} check(s) pending on ${short} (${list(pending)}); next look in ${human(check.poll_interval)}`,
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
