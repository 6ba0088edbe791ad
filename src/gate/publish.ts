/**
 * The gate on the commit, as a PR status check: a check run with the summary and an annotation on the
 * config line of each failed (or warned) check. A token without `checks: write` gets a 403 there; the
 * gate then falls back to a commit status with the same name. What could not be reported is said, and
 * the verdict stands.
 */
import { ExternalError, errorMessage } from '../errors.js';
import type { CheckAnnotation, GitHubPort } from '../ports/index.js';
import type { GateResult } from './types.js';

/** GitHub refuses check-run summaries over 65,535 characters and more than 50 annotations a request. */
const MAX_SUMMARY = 65_000;
const MAX_ANNOTATIONS = 50;

export interface PublishResult {
  /** What was created, for the evidence (`kind`: check_run, commit_status or none). */
  record: Record<string, unknown>;
  /** One line for the report. */
  note: string;
}

export interface PublishOptions {
  name: string;
  sha: string;
  result: GateResult;
  summaryMarkdown: string;
  /** Repository-relative config path, or null when the config came inline (no annotations then). */
  configPath: string | null;
  lineOf: (index: number) => number;
  detailsUrl?: string;
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

/** `FAIL: 1/4 checks passed; failed: smoke, leaky; warnings: docs`. */
export function gateTitle(result: GateResult): string {
  const passed = result.verdicts.filter((v) => v.verdict === 'pass').length;
  return (
    `${result.result}: ${passed}/${result.verdicts.length} checks passed` +
    (result.failed.length ? `; failed: ${result.failed.join(', ')}` : '') +
    (result.warned.length ? `; warnings: ${result.warned.join(', ')}` : '')
  );
}

/** One annotation per failed or warned check, on its line of the config (none for inline config). */
export function gateAnnotations(
  result: GateResult,
  configPath: string | null,
  lineOf: (index: number) => number,
): CheckAnnotation[] {
  if (!configPath) return [];
  return result.verdicts
    .filter((v) => v.verdict === 'fail' || v.verdict === 'warn')
    .slice(0, MAX_ANNOTATIONS)
    .map((v) => {
      const line = lineOf(v.index);
      return {
        path: configPath,
        startLine: line,
        endLine: line,
        level: v.verdict === 'warn' ? 'warning' : 'failure',
        title: `${v.name} (${v.type}): ${v.verdict.toUpperCase()}${v.timedOut ? ' (timeout)' : ''}`,
        message: v.detail,
      } satisfies CheckAnnotation;
    });
}

/** Reports the gate on the commit: a check run, else (403) a commit status; never throws. */
export async function publishGateStatus(github: GitHubPort, opts: PublishOptions): Promise<PublishResult> {
  const { result } = opts;
  const title = gateTitle(result);
  const annotations = gateAnnotations(result, opts.configPath, opts.lineOf);
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
    const n = annotations.length;
    return {
      record: {
        kind: 'check_run',
        name: opts.name,
        sha: opts.sha,
        id: run.id,
        url: run.htmlUrl,
        annotations: n,
      },
      note: `Check run "${opts.name}" created on ${opts.sha.slice(0, 7)} (${n} annotation${n === 1 ? '' : 's'})${run.htmlUrl ? `: ${run.htmlUrl}` : ''}`,
    };
  } catch (err) {
    if (err instanceof ExternalError && err.status === 403) return commitStatus(github, opts, title, err);
    return {
      record: { kind: 'none', error: errorMessage(err) },
      note: `Check run "${opts.name}" could not be created: ${errorMessage(err)}`,
    };
  }
}

/** The fallback when the token may not create check runs: a commit status with the same name. */
async function commitStatus(
  github: GitHubPort,
  opts: PublishOptions,
  title: string,
  checkRunError: unknown,
): Promise<PublishResult> {
  try {
    await github.createCommitStatus(opts.sha, {
      state: opts.result.result === 'PASS' ? 'success' : 'failure',
      context: opts.name,
      description: shorten(title, 140),
      ...(opts.detailsUrl ? { targetUrl: opts.detailsUrl } : {}),
    });
    return {
      record: {
        kind: 'commit_status',
        name: opts.name,
        sha: opts.sha,
        check_run_error: errorMessage(checkRunError),
      },
      note: `The token may not create check runs (403; grant checks: write for annotations): reported commit status "${opts.name}" on ${opts.sha.slice(0, 7)} instead`,
    };
  } catch (err2) {
    return {
      record: {
        kind: 'none',
        check_run_error: errorMessage(checkRunError),
        status_error: errorMessage(err2),
      },
      note: `Neither a check run nor a commit status could be created (grant checks: write or statuses: write): ${errorMessage(err2)}`,
    };
  }
}
