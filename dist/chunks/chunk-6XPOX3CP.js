import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/adapters/process.ts
import { spawn } from "node:child_process";
var processRunner = { run: runProcess };
var MAX_HELD = 64e3;
var MAX_TAIL_LINE = 2e3;
function runProcess(spec) {
  const started = performance.now();
  const tailLines = spec.tailLines ?? 20;
  const tail = [];
  const partial = { stdout: "", stderr: "" };
  const mask = spec.mask;
  const push = (raw, stream) => {
    const line = mask ? mask.redact(raw) : raw;
    tail.push(line.length > MAX_TAIL_LINE ? line.slice(0, MAX_TAIL_LINE) + "\u2026" : line);
    if (tail.length > tailLines) tail.shift();
    spec.onLine?.(line, stream);
  };
  const flushLong = (stream) => {
    const held = partial[stream];
    if (held.length <= MAX_HELD) return;
    let cut = mask ? mask.safeCut(held) : held.length;
    if (cut === 0 && held.length > 4 * MAX_HELD) cut = held.length;
    if (cut === 0) return;
    partial[stream] = held.slice(cut);
    push(held.slice(0, cut), stream);
  };
  const [cmd, ...args] = spec.shell ? ["/bin/sh", "-c", spec.argv.join(" ")] : spec.argv;
  return new Promise((resolve) => {
    let timedOut = false;
    let cancelled = false;
    let killTimer;
    let child;
    try {
      child = spawn(cmd, args, {
        cwd: spec.cwd,
        env: { ...process.env, ...spec.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true
      });
    } catch (err) {
      resolve(result(null, null, `${err.message}`));
      return;
    }
    const killGroup = (sig) => {
      if (child.pid === void 0) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
      }
    };
    const stop = () => {
      killGroup("SIGTERM");
      killTimer ??= setTimeout(() => killGroup("SIGKILL"), spec.killGraceMs ?? 5e3);
    };
    const timeout = spec.timeoutMs !== void 0 ? setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs) : void 0;
    const onAbort = () => {
      cancelled = true;
      stop();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener("abort", onAbort, { once: true });
    for (const stream of ["stdout", "stderr"]) {
      child[stream].setEncoding("utf8");
      child[stream].on("data", (chunk) => {
        const text = partial[stream] + chunk;
        const lines = text.split(/\r?\n/);
        partial[stream] = lines.pop() ?? "";
        for (const l of lines) push(l, stream);
        flushLong(stream);
      });
    }
    let spawnError;
    child.on("error", (err) => {
      spawnError = err.code === "ENOENT" ? `program not found: ${cmd}` : err.message;
    });
    child.on("close", (code, sig) => {
      if (timeout) clearTimeout(timeout);
      spec.signal?.removeEventListener("abort", onAbort);
      if (timedOut || cancelled) killGroup("SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      for (const stream of ["stdout", "stderr"]) if (partial[stream]) push(partial[stream], stream);
      resolve(result(code, sig, spawnError));
    });
    function result(code, sig, err) {
      return {
        exitCode: code,
        signal: sig,
        timedOut,
        cancelled,
        durationMs: performance.now() - started,
        tail,
        ...err ? { spawnError: err } : {}
      };
    }
  });
}
function describeExit(r, timeoutMs) {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut)
    return `timed out after ${Math.round((timeoutMs ?? r.durationMs) / 1e3)}s (process group killed)`;
  if (r.cancelled) return "cancelled (process group killed)";
  if (r.signal) return `killed by ${r.signal}`;
  return `exit code ${r.exitCode}`;
}

export {
  processRunner,
  describeExit
};
