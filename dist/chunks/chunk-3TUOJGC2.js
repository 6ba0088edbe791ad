import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/errors.ts
function formatProblem(p) {
  const where = p.line !== void 0 ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return p.key ? `${where} ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}
var ConfigError = class _ConfigError extends Error {
  problems;
  constructor(problems) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join("\n"));
    this.name = "ConfigError";
    this.problems = list;
  }
  /** An error about an action input or CLI option rather than a file. */
  static input(name, message) {
    return new _ConfigError({ file: `input ${name}`, message });
  }
};
var ExternalError = class extends Error {
  /** What the user can do about it, when we know. */
  hint;
  status;
  constructor(message, opts = {}) {
    super(opts.hint ? `${message} \u2014 ${opts.hint}` : message, { cause: opts.cause });
    this.name = "ExternalError";
    this.hint = opts.hint;
    this.status = opts.status;
  }
};
var CancelledError = class extends Error {
  constructor(message = "the run was cancelled") {
    super(message);
    this.name = "CancelledError";
  }
};
function isUserFacing(err) {
  return err instanceof ConfigError || err instanceof ExternalError || err instanceof CancelledError;
}
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

export {
  ConfigError,
  ExternalError,
  CancelledError,
  isUserFacing,
  errorMessage
};
