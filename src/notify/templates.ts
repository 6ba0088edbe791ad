/**
 * The message templates: the go-live runbook's four communication templates (A start, B canary
 * healthy, C go-live complete, D abort / rollback) and the paused message, as defaults, overridable in
 * config `templates:`. Placeholders are `{name}`; an unknown one is a config error (a typo would
 * otherwise reach the ops channel verbatim).
 *
 * An optional part `{?name: text}` is shown only when `{name}` has a value: the defaults say "Next
 * update in …" only when an update is scheduled, and link the run and the incident only when there is
 * one.
 */
export type MessageKind = 'start' | 'healthy' | 'complete' | 'abort' | 'paused';

export const MESSAGE_KINDS: readonly MessageKind[] = ['start', 'healthy', 'complete', 'abort', 'paused'];

/** Why a rollout stopped: the default abort and paused wording differs per cause. */
export type StopCause =
  'analysis' | 'inconclusive' | 'deploy' | 'baseline' | 'preflight' | 'manual' | 'cancelled' | 'approval';

/** The links every default message ends with, when they exist. */
const LINKS = '{?incident_url: Incident: {incident_url}}{?run_url: Run: {run_url}}';

/** The go-live runbook, with the project-specific words turned into placeholders. */
export const DEFAULT_TEMPLATES: Record<MessageKind, string> = {
  // A) Deployment start
  start: `{service} release {tag} started (canary phase, {environment}). Decision owner: {decision_owner}.{?next_update: Next update in {next_update}.}${LINKS}`,
  // B) Canary success
  healthy: `{service} canary healthy (error/latency within guardrails). Proceeding to rolling rollout {next_weight}% -> 100%.${LINKS}`,
  // C) Go-live complete
  complete: `{service} release {tag} go-live complete. Post-deploy analysis passed. Hypercare window now active.${LINKS}`,
  // D) Abort / rollback, when the caller names no cause (the rollback runbook)
  abort: `{service} rollout aborted due to {reason}. {mitigation}.{?next_update: Next status in {next_update}.}${LINKS}`,
  // Paused: the rollout waits for a person (an approval step, or a pause on failure)
  paused: `{service} rollout of {tag} paused at {weight}% (step {step}): {reason}. Decision owner: {decision_owner} — resume, promote now or abort.${LINKS}`,
};

/**
 * The abort message's default wording per cause, used when `templates.abort` is not overridden and
 * the sender names the cause. A manual rollback does not read like a failed analysis.
 */
export const DEFAULT_ABORT_BY_CAUSE: Record<StopCause, string> = {
  analysis: `{service} rollout of {tag} aborted at {weight}%: the analysis failed ({reason}). {mitigation}.{?next_update: Next update in {next_update}.}${LINKS}`,
  inconclusive: `{service} rollout of {tag} aborted at {weight}%: the analysis was inconclusive ({reason}). {mitigation}.{?next_update: Next update in {next_update}.}${LINKS}`,
  deploy: `{service} rollout of {tag} aborted at {weight}%: the deploy program failed ({reason}). {mitigation}.{?next_update: Next update in {next_update}.}${LINKS}`,
  baseline: `{service} rollout of {tag} not started: the baseline could not be measured ({reason}). {mitigation}.${LINKS}`,
  preflight: `{service} rollout of {tag} not started: a metric could not be read ({reason}). {mitigation}.${LINKS}`,
  manual: `{service} {tag} rolled back by hand by {owner}: {reason}. {mitigation}.{?next_update: Next update in {next_update}.}${LINKS}`,
  cancelled: `{service} rollout of {tag} stopped at {weight}%: the job was cancelled. {mitigation}.${LINKS}`,
  approval: `{service} rollout of {tag} stopped at {weight}%: {reason}. {mitigation}.${LINKS}`,
};

/** Every placeholder a template may use, with what it holds. */
export const TEMPLATE_PLACEHOLDERS: Record<string, string> = {
  service: 'the repository name (GITHUB_REPOSITORY without the owner), or the working directory name',
  repository: 'owner/name',
  tag: 'the tag being rolled out',
  previous_tag: 'the tag rolled back to',
  environment: 'the deployment environment',
  step: 'the step number (1-based)',
  weight: 'the weight of the step, in percent',
  next_weight: 'the weight of the next step',
  reason: 'why the rollout stopped or paused (measured value, condition and limit; or the reason given)',
  mitigation:
    'what happens now: "Rollback in progress to v1.0.0" or "Rollout paused at 25%, not rolled back"',
  next_update:
    'when the next message is due (the next step’s pause and analysis); empty when none is scheduled',
  owner: 'who started the run (GITHUB_ACTOR, or the local user)',
  decision_owner:
    'who decides on the rollout: config canary.decision_owner, else the one who started the run',
  run_url: 'the workflow run URL; empty outside GitHub Actions',
  incident_url: 'the incident issue URL, when there is one',
  resume_step: 'the step a resumed run continues at (paused message)',
};

/** `{name}` outside and inside optional parts, and `{?name: …}` itself. */
const PLACEHOLDER = /\{\??([a-z][a-z0-9_]*)[}:]/g;
const OPTIONAL = /\{\?([a-z][a-z0-9_]*):((?:[^{}]|\{[a-z][a-z0-9_]*\})*)\}/g;

export function unknownTemplatePlaceholders(text: string): string[] {
  const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !(n in TEMPLATE_PLACEHOLDERS)))];
}

const has = (vars: Record<string, string | undefined>, name: string) =>
  vars[name] !== undefined && vars[name] !== '';

/**
 * Replaces `{name}` with its value; placeholders without a value become `?` rather than leaking
 * braces. An optional part `{?name: text}` becomes `text` (rendered) when `{name}` has a value, else
 * nothing; one space is kept before it when the text starts with one.
 */
export function renderTemplate(text: string, vars: Record<string, string | undefined>): string {
  const optional = text.replace(OPTIONAL, (all, name: string, inner: string) =>
    !(name in TEMPLATE_PLACEHOLDERS) ? all : has(vars, name) ? inner : '',
  );
  return optional.replace(/\{([a-z][a-z0-9_]*)\}/g, (all, name: string) =>
    name in TEMPLATE_PLACEHOLDERS ? (has(vars, name) ? vars[name]! : '?') : all,
  );
}

export function resolveTemplates(
  overrides: Partial<Record<MessageKind, string | undefined>> | undefined,
): Record<MessageKind, string> {
  const out = { ...DEFAULT_TEMPLATES };
  for (const k of MESSAGE_KINDS) if (overrides?.[k]) out[k] = overrides[k]!;
  return out;
}

/**
 * The template for one message: the configured one, except that an abort with a named cause uses its
 * cause's default wording while `abort` is not overridden.
 */
export function templateFor(
  templates: Record<MessageKind, string>,
  kind: MessageKind,
  cause?: StopCause,
): string {
  if (kind === 'abort' && cause && templates.abort === DEFAULT_TEMPLATES.abort)
    return DEFAULT_ABORT_BY_CAUSE[cause];
  return templates[kind];
}
