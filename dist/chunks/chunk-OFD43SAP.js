import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  cancellationSignal,
  createContext
} from "./chunk-5SXETHGB.js";
import {
  toMarkdown
} from "./chunk-YDLQOOZ6.js";
import {
  ConfigError,
  isUserFacing
} from "./chunk-3TUOJGC2.js";
import {
  debug,
  error,
  getInput,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-B2CHQSBP.js";

// src/actions/runtime.ts
async function runAsAction(command) {
  const specs = Object.fromEntries(Object.entries(command.inputs).filter(([, s]) => !s.cliOnly));
  const token = getInput("github-token") || void 0;
  if (token) setSecret(token);
  const ctx = createContext({
    host: "action",
    specs,
    get: (name) => getInput(name),
    logger: {
      info: (m) => info(noCommands(m)),
      warn: (m) => warning(noCommands(m)),
      error: (m) => error(noCommands(m)),
      debug: (m) => debug(noCommands(m))
    },
    env: process.env,
    cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
    signal: cancellationSignal(),
    onSecret: (s) => setSecret(s),
    token
  });
  try {
    const outcome = await command.run(ctx);
    for (const [k, v] of Object.entries(outcome.outputs)) setOutput(k, ctx.redactor.redact(v));
    if (process.env.GITHUB_STEP_SUMMARY) {
      await summary.addRaw(ctx.redactor.redact(toMarkdown(outcome.report)), true).write();
    }
    if (outcome.exitCode !== 0)
      setFailed(ctx.redactor.redact(outcome.failMessage ?? `${command.name} failed`));
  } catch (err) {
    reportError(err, (m) => ctx.redactor.redact(m));
  }
}
function noCommands(text) {
  return text.replace(/^(\s*):(:)/gm, "$1:\u200B$2");
}
function reportError(err, redact = (s) => s) {
  if (err instanceof ConfigError) {
    for (const p of err.problems) {
      const isFile = !p.file.startsWith("input ") && !p.file.startsWith("environment ");
      error(redact(`${p.key ? `${p.key}: ` : ""}${p.message}`), {
        title: "release-ops configuration",
        ...isFile ? { file: p.file, startLine: p.line, startColumn: p.column } : {}
      });
    }
    setFailed(redact(`The configuration has ${err.problems.length} problem(s):
${err.message}`));
  } else if (isUserFacing(err)) {
    setFailed(redact(err.message));
  } else {
    setFailed(
      redact(`release-ops internal error (please report it): ${err?.stack ?? String(err)}`)
    );
  }
}

export {
  runAsAction,
  reportError
};
