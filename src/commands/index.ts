import type { Command } from './types.js';

/**
 * Every command, loaded lazily so a run loads only the code it needs (bench startup).
 * The key is the CLI subcommand and the root action's `command:` input; `action` names the
 * sub-action directory (actions/<action>/action.yml) that runs it.
 */
export const COMMANDS: Record<string, { action: string | null; load: () => Promise<Command> }> = {
  gate: { action: 'readiness-gate', load: async () => (await import('./gate.js')).default },
  canary: { action: 'canary-promote', load: async () => (await import('./canary.js')).default },
  promote: { action: 'rc-to-ga', load: async () => (await import('./promote.js')).default },
  rollback: { action: 'auto-rollback', load: async () => (await import('./rollback.js')).default },
  hotfix: { action: null, load: async () => (await import('./hotfix.js')).default },
  status: { action: null, load: async () => (await import('./status.js')).default },
};

export const SCHEMA_SUMMARY =
  'Print the JSON Schema of the config file, for editor completion (--evidence: of the evidence files)';
