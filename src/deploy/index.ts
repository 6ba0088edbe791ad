export {
  placeholdersIn,
  renderArgv,
  renderString,
  templateEnv,
  TemplateError,
  unknownPlaceholders,
  type TemplateVars,
} from './template.js';
export { quote, runProgram, type ProgramDeps, type ProgramRun, type ProgramSpec } from './run.js';

/** Placeholders each program knows. The rollback action uses ROLLBACK_PLACEHOLDERS. */
export const CANARY_PLACEHOLDERS = ['weight', 'step', 'tag', 'previous_tag'] as const;
export const ROLLBACK_PLACEHOLDERS = ['to_tag', 'from_tag'] as const;
