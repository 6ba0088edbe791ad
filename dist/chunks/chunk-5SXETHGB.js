import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  DEFAULT_CONFIG_PATH,
  parseConfig
} from "./chunk-HASQCN34.js";
import {
  processRunner
} from "./chunk-6XPOX3CP.js";
import {
  HttpError,
  Redactor
} from "./chunk-LJKKFAWI.js";
import {
  Inputs
} from "./chunk-IIQ5KUFB.js";
import {
  CancelledError,
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/commands/context.ts
import path from "node:path";

// src/adapters/clock.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms)
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};

// src/adapters/fs.ts
import { promises as fsp } from "node:fs";
var fileSystem = {
  readFile: (p) => fsp.readFile(p),
  writeFile: (p, d) => fsp.writeFile(p, d),
  mkdirp: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
  realpath: (p) => fsp.realpath(p).catch(() => null),
  stat: async (p) => {
    try {
      const s = await fsp.stat(p);
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile() };
    } catch {
      return null;
    }
  }
};

// src/adapters/http.ts
import http from "node:http";
import https from "node:https";
var agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 })
};
var httpClient = { request };
function request(req) {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve, reject) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      reject(new HttpError("network", `invalid URL`, 0));
      return;
    }
    const lib = url.protocol === "https:" ? https : http;
    const agent = agents[url.protocol];
    if (!agent) {
      reject(new HttpError("network", `unsupported protocol ${url.protocol}`, 0));
      return;
    }
    const max = req.maxBodyBytes ?? 1 << 20;
    let settled = false;
    const fail = (code, message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.destroy();
      reject(new HttpError(code, message, elapsed()));
    };
    const r = lib.request(
      url,
      { method: req.method ?? "GET", headers: { "user-agent": "release-ops", ...req.headers }, agent },
      (res) => {
        const chunks = [];
        let size = 0;
        res.on("data", (c) => {
          if (size < max) chunks.push(c);
          size += c.length;
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const headers = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== void 0) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          resolve({
            status: res.statusCode ?? 0,
            headers,
            body: Buffer.concat(chunks).subarray(0, max).toString("utf8"),
            durationMs: elapsed()
          });
        });
        res.on("error", (e) => fail("network", e.message));
      }
    );
    const timeoutMs = req.timeoutMs ?? 1e4;
    const timer = setTimeout(() => fail("timeout", `no complete response within ${timeoutMs} ms`), timeoutMs);
    const onAbort = () => fail("aborted", "request aborted");
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    r.on("error", (e) => fail("network", e.code ? `${e.code}` : e.message));
    r.on("close", () => req.signal?.removeEventListener("abort", onAbort));
    r.end(req.body);
  });
}

// src/commands/context.ts
function createContext(o) {
  const redactor = new Redactor(o.onSecret);
  redactor.add(o.token);
  const inputs = new Inputs(o.specs, o.get);
  let github;
  const env = o.env;
  const run = {
    sha: env.GITHUB_SHA,
    ref: env.GITHUB_REF,
    repository: env.GITHUB_REPOSITORY,
    serverUrl: env.GITHUB_SERVER_URL || "https://github.com",
    runUrl: env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL || "https://github.com"}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : void 0,
    runId: env.GITHUB_RUN_ID,
    workflow: env.GITHUB_WORKFLOW,
    actor: env.GITHUB_ACTOR,
    eventName: env.GITHUB_EVENT_NAME
  };
  return {
    inputs,
    env,
    cwd: o.cwd,
    logger: {
      info: (m) => o.logger.info(redactor.redact(m)),
      warn: (m) => o.logger.warn(redactor.redact(m)),
      error: (m) => o.logger.error(redactor.redact(m)),
      debug: (m) => o.logger.debug(redactor.redact(m))
    },
    redactor,
    clock: systemClock,
    fs: fileSystem,
    http: httpClient,
    process: processRunner,
    signal: o.signal,
    host: o.host,
    run,
    loadConfig: async () => {
      const loaded = await loadConfigFromInputs(inputs, o.cwd);
      redactor.declareSecretVars(loaded.config.secret_vars ?? []);
      return loaded;
    },
    github: () => {
      github ??= (async () => {
        if (!o.token) return null;
        if (!env.GITHUB_REPOSITORY || !/^[^/\s]+\/[^/\s]+$/.test(env.GITHUB_REPOSITORY)) {
          throw new ConfigError({
            file: "environment GITHUB_REPOSITORY",
            message: `expected owner/name, found "${env.GITHUB_REPOSITORY ?? ""}" (the runner sets it; in a terminal export it)`
          });
        }
        const [owner, repo] = env.GITHUB_REPOSITORY.split("/");
        const { createGitHubPort } = await import("./create-FJGRPQQI.js");
        return createGitHubPort({
          token: o.token,
          owner,
          repo,
          baseUrl: env.GITHUB_API_URL || "https://api.github.com",
          logger: o.logger,
          onSecret: (s) => redactor.add(s),
          signal: o.signal
        });
      })();
      return github;
    }
  };
}
async function loadConfigFromInputs(inputs, cwd) {
  const inline = inputs.string("config-inline");
  if (inline !== void 0) return parseConfig(inline, "input config-inline");
  const file = inputs.string("config") ?? DEFAULT_CONFIG_PATH;
  const abs = path.resolve(cwd, file);
  let text;
  try {
    text = (await fileSystem.readFile(abs)).toString("utf8");
  } catch (err) {
    const code = err.code;
    throw new ConfigError({
      file,
      message: code === "ENOENT" ? `config file not found (working directory ${cwd}); create it, or set input config / config-inline` : `cannot read the config file (${code ?? err.message})`
    });
  }
  return parseConfig(text, file);
}
function cancellationSignal() {
  const ctl = new AbortController();
  const onSignal = (sig) => {
    if (ctl.signal.aborted) process.exit(sig === "SIGINT" ? 130 : 143);
    ctl.abort(new Error(`received ${sig}`));
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
  return ctl.signal;
}

export {
  createContext,
  cancellationSignal
};
