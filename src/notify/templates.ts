/**
 * The go-live runbook's four communication templates (A start, B canary healthy, C go-live complete, D abort /
 * rollback) as defaults, overridable in config `templates:`. Placeholders are `{name}`; an unknown one
 * is a config error (a typo would otherwise reach the ops channel verbatim).
 */
export type MessageKind = 'start' | 'healthy' | 'complete' | 'abort';

export const MESSAGE_KINDS: readonly MessageKind[] = ['start', 'healthy', 'complete', 'abort'];

/** The go-live runbook, with the project-specific words turned into placeholders. */
export const DEFAULT_TEMPLATES: Record<MessageKind, string> = {
  // A) Deployment start
  start:
    '{service} release {tag} started (canary phase, {environment}). Decision owner: {owner}. Next update in {next_update}.',
  // B) Canary success
  healthy:
    '{service} canary healthy (error/latency within guardrails). Proceeding to rolling rollout {next_weight}% -> 100%.',
  // C) Go-live complete
  complete:
    '{service} release {tag} go-live complete. Post-deploy analysis passed. Hypercare window now active.',
  // D) Abort / rollback
  abort: '{service} rollout aborted due to {reason}. {mitigation}. Next status in {next_update}.',
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
  reason: 'why the rollout stopped (measured value, condition and limit)',
  mitigation:
    'what happens now: "Rollback in progress to v1.0.0" or "Rollout paused at 25 %, not rolled back"',
  next_update: "when the next message is due (the next step's pause and analysis, or the verification)",
  owner: 'who started the run (GITHUB_ACTOR, or the local user)',
  run_url: 'the workflow run URL',
};

export function unknownTemplatePlaceholders(text: string): string[] {
  const names = [...text.matchAll(/\{([a-z][a-z0-9_]*)\}/g)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !(n in TEMPLATE_PLACEHOLDERS)))];
}

/** Replaces `{name}` with its value; placeholders without a value become `?` rather than leaking braces. */
export function renderTemplate(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\{([a-z][a-z0-9_]*)\}/g, (all, name: string) =>
    name in TEMPLATE_PLACEHOLDERS ? (vars[name] !== undefined && vars[name] !== '' ? vars[name]! : '?') : all,
  );
}

export function resolveTemplates(
  overrides: Partial<Record<MessageKind, string | undefined>> | undefined,
): Record<MessageKind, string> {
  const out = { ...DEFAULT_TEMPLATES };
  for (const k of MESSAGE_KINDS) if (overrides?.[k]) out[k] = overrides[k]!;
  return out;
}
