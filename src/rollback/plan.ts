/**
 * The dry-run plan: every write and every program the rollback would make, in order, with its
 * arguments — computed from the same resolved target as a real run, after the same read-only calls.
 */
import { formatDuration } from '../config/duration.js';
import { quote, renderArgv, templateEnv } from '../deploy/index.js';
import { renderTemplate, resolveTemplates } from '../notify/index.js';
import type { Release } from '../ports/index.js';
import { hasBanner } from './banner.js';
import { badDeploymentState } from './deployments.js';
import { planHotfix } from './hotfix.js';
import type { FoundIncident } from './incident.js';
import { incidentLabels } from './incident.js';
import { lockPrefix } from './lock.js';
import { revertBranch } from './revert.js';
import type { TargetKind } from './target.js';
import type { RollbackSettings } from './types.js';
import { describeAnalysis } from './watch.js';

export interface PlanInput {
  s: RollbackSettings;
  fromTag: string;
  toTag: string;
  kind: TargetKind;
  github: boolean;
  reason: string;
  fromRelease?: Release;
  toRelease?: Release;
  latest?: Release | null;
  incident?: FoundIncident | null;
}

export function buildPlan(p: PlanInput): string[] {
  const { s, fromTag, toTag } = p;
  const out: string[] = [];
  if (s.mode === 'watch' && s.watch) {
    out.push(
      `WATCH ${fromTag} every ${formatDuration(s.watch.intervalMs)} for ${formatDuration(s.watch.windowMs)}; roll back when a limit is exceeded:`,
    );
    for (const l of describeAnalysis(s.watch)) out.push(`  - ${l}`);
  }
  const vars = { to_tag: toTag, from_tag: fromTag };
  if (p.github) {
    out.push(`LOCK create refs/${lockPrefix(fromTag)}lock-1 (idempotency key; a second run at once stops)`);
    const labels = incidentLabels(s.incident.labels, s.severity).join(', ');
    out.push(
      p.incident
        ? `INCIDENT update issue #${p.incident.issue.number} (labels ${labels}): mitigation "in progress", one comment per step`
        : `INCIDENT open an issue "Rollback of ${fromTag} to ${toTag} (severity ${s.severity})" labelled ${labels}, with UTC time, reason, impact, mitigation state; one comment per step`,
    );
  }
  const text = renderTemplate(resolveTemplates({ abort: s.abortTemplate }).abort, {
    service: s.service,
    tag: fromTag,
    previous_tag: toTag,
    environment: s.environment,
    reason: p.reason,
    mitigation: `Rollback in progress to ${toTag}`,
    next_update: '10 min',
    owner: s.run.actor,
    run_url: s.run.url,
  });
  if (s.webhookUrl) out.push(`NOTIFY POST template D to the webhook (URL masked): "${text}"`);
  if (p.github) {
    const f = p.fromRelease;
    const demote = !f || !f.prerelease ? 'prerelease: true, make_latest: false' : '';
    const banner =
      !f || !hasBanner(f.body) ? 'rollback banner (UTC time, reason) at the top of the notes' : '';
    if (demote || banner)
      out.push(
        `RELEASE update ${fromTag}${f ? ` (id ${f.id})` : ''}: ${[demote, banner].filter(Boolean).join('; ')} — tag and release kept`,
      );
    else out.push(`RELEASE ${fromTag} is already demoted with a banner: no write`);
    if (p.toRelease?.prerelease)
      out.push(`RELEASE ${toTag} is a prerelease: restored as the operative reference, not made latest`);
    else if (p.latest && p.toRelease && p.latest.id === p.toRelease.id)
      out.push(`RELEASE ${toTag} is already latest: no write`);
    else
      out.push(`RELEASE update ${toTag}${p.toRelease ? ` (id ${p.toRelease.id})` : ''}: make_latest: true`);
    const badState = badDeploymentState(s);
    out.push(`DEPLOYMENT mark the latest deployment of ${fromTag} in ${s.environment} ${badState}`);
  }
  if (s.strategy !== 'redeploy') {
    out.push(
      `GIT in ${s.revert.directory}: fetch ${s.revert.remote}; revert the commits of ${toTag}..${fromTag} (no merges) on the default branch in a temporary worktree; push ${revertBranch(fromTag)}`,
    );
    out.push(
      `PULL REQUEST open "Revert ${fromTag} (rolled back to ${toTag})" from ${revertBranch(fromTag)} into the default branch`,
    );
  }
  if (s.strategy !== 'revert-commit') {
    if (p.github) out.push(`DEPLOYMENT create a deployment of ${toTag} in ${s.environment} (in_progress)`);
    if (s.program) {
      let argv: string;
      try {
        argv = renderArgv(s.program.argv, vars).map(quote).join(' ');
      } catch (err) {
        argv = `${s.program.argv.map(quote).join(' ')} (${(err as Error).message})`;
      }
      const env = Object.entries(templateEnv(vars))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      out.push(
        `RUN ${argv} (env ${env}; time limit ${formatDuration(s.program.timeoutMs)}; cwd ${s.program.cwd})`,
      );
    } else {
      out.push('RUN nothing: no rollback.run configured');
    }
    if (s.verify) {
      out.push(
        `VERIFY every ${formatDuration(s.verify.intervalMs)} for ${formatDuration(s.verify.windowMs)}:`,
      );
      for (const l of describeAnalysis(s.verify)) out.push(`  - ${l}`);
    } else {
      out.push(
        'VERIFY nothing: no rollback.verify or watch probes configured (health would NOT be verified)',
      );
    }
    if (p.github) out.push(`DEPLOYMENT ${toTag}: success when verified, failure otherwise`);
  }
  if (s.hotfix && p.github) {
    try {
      const h = planHotfix(fromTag);
      out.push(`BRANCH create ${h.branch} at ${fromTag} (the hotfix is released as ${h.tag})`);
    } catch (err) {
      out.push(`BRANCH no hotfix branch: ${(err as Error).message}`);
    }
  }
  if (p.github)
    out.push('INCIDENT update the mitigation state (rolled back / rollback failed); release the lock');
  out.push(`EVIDENCE write rollback_report_<UTC>.json`);
  return out;
}
