#!/usr/bin/env node
import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  COMMANDS,
  SCHEMA_SUMMARY
} from "../chunks/chunk-2BUD5QZ5.js";
import {
  cancellationSignal,
  createContext
} from "../chunks/chunk-5SXETHGB.js";
import {
  toTerminal
} from "../chunks/chunk-YDLQOOZ6.js";
import "../chunks/chunk-HASQCN34.js";
import "../chunks/chunk-TPKCOUBV.js";
import "../chunks/chunk-6XPOX3CP.js";
import "../chunks/chunk-LJKKFAWI.js";
import "../chunks/chunk-4Q675M22.js";
import "../chunks/chunk-IIQ5KUFB.js";
import "../chunks/chunk-JMMVXS76.js";
import {
  ConfigError,
  isUserFacing
} from "../chunks/chunk-3TUOJGC2.js";
import "../chunks/chunk-2UNPAZD7.js";

// src/cli/main.ts
async function cli(io) {
  const [name, ...rest] = io.argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    if (!name)
      io.stderr(`release-ops: no command given (${[...Object.keys(COMMANDS), "schema"].join(", ")})
`);
    io.stdout(await usage());
    return name ? 0 : 2;
  }
  if (name === "--version") {
    io.stdout("release-ops 0.1.0\n");
    return 0;
  }
  if (name === "schema") {
    const { jsonSchema } = await import("../chunks/schema-S4PMIQSU.js");
    io.stdout(JSON.stringify(jsonSchema(), null, 2) + "\n");
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`release-ops: unknown command "${name}"

${await usage()}`);
    return 2;
  }
  const command = await entry.load();
  const specs = Object.fromEntries(Object.entries(command.inputs).filter(([, s]) => !s.actionOnly));
  let values;
  try {
    values = parseOptions(rest, specs);
  } catch (err) {
    io.stderr(
      `release-ops ${name}: ${err.message}
Run "release-ops ${name} --help" for the options.
`
    );
    return 2;
  }
  if (values.has("help")) {
    io.stdout(commandHelp(command, specs));
    return 0;
  }
  const token = io.env.GITHUB_TOKEN || io.env.GH_TOKEN || void 0;
  const ctx = createContext({
    host: "cli",
    specs,
    get: (n) => values.get(n),
    logger: {
      info: (m) => io.stderr(m + "\n"),
      warn: (m) => io.stderr(`warning: ${m}
`),
      error: (m) => io.stderr(`error: ${m}
`),
      debug: (m) => io.env.RELEASE_OPS_DEBUG ? io.stderr(`debug: ${m}
`) : void 0
    },
    env: io.env,
    cwd: io.cwd,
    signal: io.signal ?? new AbortController().signal,
    token
  });
  try {
    const outcome = await command.run(ctx);
    if (specs.json?.cliOnly && outcome.outputs.json !== void 0) {
      io.stdout(ctx.redactor.redact(outcome.outputs.json) + "\n");
      return outcome.exitCode;
    }
    const outputs = Object.entries(outcome.outputs).map(([k, v]) => `${k}=${v}`);
    io.stdout(
      ctx.redactor.redact(
        toTerminal(outcome.report, { redact: (s) => ctx.redactor.redact(s) }) + (outputs.length ? `
Outputs:
  ${outputs.join("\n  ")}
` : "")
      )
    );
    if (outcome.exitCode !== 0 && outcome.failMessage)
      io.stderr(ctx.redactor.redact(outcome.failMessage) + "\n");
    return outcome.exitCode;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(ctx.redactor.redact(err.message) + "\n");
      return 2;
    }
    if (isUserFacing(err)) {
      io.stderr(`release-ops ${name}: ${ctx.redactor.redact(err.message)}
`);
      return 1;
    }
    io.stderr(
      `release-ops internal error (please report it): ${ctx.redactor.redact(err?.stack ?? String(err))}
`
    );
    return 1;
  }
}
function parseOptions(args, specs) {
  const values = /* @__PURE__ */ new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") {
      values.set("help", "true");
      continue;
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}"`);
    const key = m[1];
    const spec = specs[key];
    if (!spec) throw new Error(`unknown option --${key}`);
    let value = m[2];
    if (value === void 0) {
      if (spec.kind === "boolean" && (args[i + 1] === void 0 || args[i + 1].startsWith("--")))
        value = "true";
      else if (args[i + 1] === void 0) throw new Error(`option --${key} needs a value`);
      else value = args[++i];
    }
    if (values.has(key)) throw new Error(`option --${key} is given twice`);
    values.set(key, value);
  }
  return values;
}
function commandHelp(command, specs) {
  const rows = Object.entries(specs).map(([k, s]) => {
    const flag = s.kind === "boolean" ? `--${k}` : `--${k} ${s.placeholder ?? "VALUE"}`;
    const def = s.default && !s.default.includes("${{") ? ` (default: ${s.default})` : "";
    const values = s.values ? ` [${s.values.join("|")}]` : "";
    return [flag, `${s.description}${values}${def}${s.required ? " (required)" : ""}`];
  });
  const w = Math.max(...rows.map((r) => r[0].length));
  return [
    `release-ops ${command.name} \u2014 ${command.summary}`,
    "",
    `Usage: release-ops ${command.name} [options]`,
    "",
    "Options (each is also the action input of the same name):",
    ...rows.map(([f, d]) => `  ${f.padEnd(w)}  ${d}`),
    "",
    "Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (GitHub Enterprise Server), OPS_ARTIFACTS_DIR.",
    "Exit codes: 0 success, 1 failed/aborted/rolled back, 2 bad usage or config.",
    ""
  ].join("\n");
}
async function usage() {
  const lines = [
    "release-ops \u2014 release runbooks as code",
    "",
    "Usage: release-ops <command> [options]",
    "",
    "Commands:"
  ];
  for (const [k, e] of Object.entries(COMMANDS)) lines.push(`  ${k.padEnd(9)} ${(await e.load()).summary}`);
  lines.push(`  ${"schema".padEnd(9)} ${SCHEMA_SUMMARY}`);
  lines.push("", 'Run "release-ops <command> --help" for its options.', "");
  return lines.join("\n");
}

// src/cli/bin.ts
process.exitCode = await cli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  signal: cancellationSignal()
});
