import { ExternalError, errorMessage } from '../errors.js';
import type { CheckAnnotation, GitHubPort } from '../ports/index.js';
import type { GateResult } from './types.js';

/** GitHub refuses check-run summaries over 65,535 characters and more than 50 annotations a request. */
const MAX_SUMMARY = 65_000;
const MAX_ANNOTATIONS = 50;

export interface PublishResult {
  /** What was created, for the evidence. */
  record: Record<string, unknown>;
  /** One line for the report. */
  note: string;
}

/**
 * Shortens the title (the result and the names of the checks that failed) between two names, never
 * inside one: a name cut short could keep the start of a secret that redaction would no longer find.
 */
export function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = Math.max(one.lastIndexOf(', ', max - 1), one.lastIndexOf('; ', max - 1));
  return cut > 0 ? `${one.slice(0, cut)}, …` : '…';
}

/**
 * Reports the gate on the commit as a PR status check: a check run named `name` with the summary and an
 * annotation on the config line of each failed (or warned) check. A token without `checks: write`
 * gets a 403 there; the gate then falls back to a commit status with the same name.
 */
export async function publishGateStatus(
  github: GitHubPort,
  opts: {
    name: string;
    sha: string;
    result: GateResult;
    summaryMarkdown: string;
    /** Repository-relative config path, or null when the config came inline (no annotations then). */
    configPath: string | null;
    lineOf: (index: number) => number;
    detailsUrl?: string;
  },
): Promise<PublishResult> {
  const { result } = opts;
  const passed = result.verdicts.filter((v) => v.verdict === 'pass').length;
  const title =
    `${result.result}: ${passed}/${result.verdicts.length} checks passed` +
    (result.failed.length ? `; failed: ${result.failed.join(', ')}` : '') +
    (result.warned.length ? `; warnings: ${result.warned.join(', ')}` : '');
  const annotations: CheckAnnotation[] = opts.configPath
    ? result.verdicts
        .filter((v) => v.verdict === 'fail' || v.verdict === 'warn')
        .slice(0, MAX_ANNOTATIONS)
        .map((v) => {
          const line = opts.lineOf(v.index);
          return {
            path: opts.configPath!,
            startLine: line,
            endLine: line,
            level: v.verdict === 'warn' ? 'warning' : 'failure',
            title: `${v.name} (${v.type}): ${v.verdict.toUpperCase()}${v.timedOut ? ' (timeout)' : ''}`,
            message: v.detail,
          } satisfies CheckAnnotation;
        })
    : [];
  const summary =
    opts.summaryMarkdown.length > MAX_SUMMARY
      ? opts.summaryMarkdown.slice(0, MAX_SUMMARY) + '\n\n…(truncated)'
      : opts.summaryMarkdown;
  try {
    const run = await github.createCheckRun({
      name: opts.name,
      headSha: opts.sha,
      status: 'completed',
      conclusion: result.result === 'PASS' ? 'success' : 'failure',
      title: shorten(title, 250),
      summary,
      annotations,
      ...(opts.detailsUrl ? { detailsUrl: opts.detailsUrl } : {}),
    });
    return {
      record: {
        kind: 'check_run',
        name: opts.name,
        sha: opts.sha,
        id: run.id,
        url: run.htmlUrl,
        annotations: annotations.length,
      },
      note: `Check run "${opts.name}" created on ${opts.sha.slice(0, 7)} (${annotations.length} annotation${annotations.length === 1 ? '' : 's'})${run.htmlUrl ? `: ${run.htmlUrl}` : ''}`,
    };
  } catch (err) {
    if (!(err instanceof ExternalError && err.status === 403)) {
      return {
        record: { kind: 'none', error: errorMessage(err) },
        note: `Check run "${opts.name}" could not be created: ${errorMessage(err)}`,
      };
    }
    try {
      await github.createCommitStatus(opts.sha, {
        state: result.result === 'PASS' ? 'success' : 'failure',
        context: opts.name,
        description: shorten(title, 140),
        ...(opts.detailsUrl ? { targetUrl: opts.detailsUrl } : {}),
      });
      return {
        record: { kind: 'commit_status', name: opts.name, sha: opts.sha, check_run_error: errorMessage(err) },
        note: `The token may not create check runs (403; grant checks: write for annotations): reported commit status "${opts.name}" on ${opts.sha.slice(0, 7)} instead`,
      };
    } catch (err2) {
      return {
        record: { kind: 'none', check_run_error: errorMessage(err), status_error: errorMessage(err2) },
        note: `Neither a check run nor a commit status could be created (grant checks: write or statuses: write): ${errorMessage(err2)}`,
      };
    }
  }
}
