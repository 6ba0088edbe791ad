/**
 * The status command's settings: which environment to show (default: every environment among the
 * newest deployments), whether the CLI prints the JSON document alone, the label incidents carry, and
 * whether a snapshot goes to the evidence (only when a directory is named for it).
 */
import path from 'node:path';
import { optionalConfig } from '../commands/config.js';
import type { Context } from '../commands/types.js';
import { ConfigError } from '../errors.js';
import { artifactsDir } from '../evidence/write.js';
import type { GitHubPort } from '../ports/index.js';

export interface StatusSettings {
  /** Only this deployment environment; undefined for every environment among the newest deployments. */
  environment?: string;
  /** The CLI prints the status as one JSON document (--json) instead of the table. */
  json: boolean;
  /** The label open incidents carry (the config's rollback.incident.labels[0], else `incident`). */
  incidentLabel: string;
  /**
   * The absolute directory a snapshot of the status goes to as evidence: only when input
   * artifacts-dir or OPS_ARTIFACTS_DIR names one (a status read in a terminal leaves no file); else null.
   */
  evidenceDir: string | null;
}

export async function readStatusSettings(
  ctx: Context,
): Promise<{ settings: StatusSettings; gh: GitHubPort }> {
  const environment = ctx.inputs.string('environment');
  const json = ctx.host === 'cli' && ctx.inputs.bool('json');
  const dirInput = ctx.inputs.string('artifacts-dir');
  const evidenceDir =
    dirInput || ctx.env.OPS_ARTIFACTS_DIR ? path.resolve(ctx.cwd, artifactsDir(ctx.env, dirInput)) : null;
  const gh = await ctx.github();
  if (!gh) {
    throw ConfigError.input(
      'github-token',
      ctx.host === 'cli'
        ? 'a GitHub token is required: export GITHUB_TOKEN (with read access to deployments, contents and issues) and GITHUB_REPOSITORY'
        : 'a GitHub token is required: pass github-token (default ${{ github.token }}) and give the job `permissions: { deployments: read, contents: read, issues: read }`',
    );
  }
  const incidentLabel =
    (await optionalConfig(ctx, ['rollback.incident']))?.rollback?.incident.labels[0] ?? 'incident';
  return { settings: { environment, json, incidentLabel, evidenceDir }, gh };
}
