import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  ConfigError,
  ExternalError
} from "./chunk-3TUOJGC2.js";

// src/evidence/write.ts
import path from "node:path";
var EVIDENCE_SCHEMA_VERSION = 1;
function utcStamp(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}
async function writeEvidence(deps, opts) {
  const file = path.join(opts.dir, `${opts.prefix}_${utcStamp(deps.clock.now())}.json`);
  const body = { schema_version: EVIDENCE_SCHEMA_VERSION, ...opts.data };
  const text = JSON.stringify(deps.redactor.redactDeep(body), null, 2) + "\n";
  try {
    await deps.fs.mkdirp(opts.dir);
    await deps.fs.writeFile(file, text);
  } catch (err) {
    const why = err?.code ?? err?.message ?? String(err);
    throw new ExternalError(`cannot write the evidence file ${JSON.stringify(file)} (${why})`, {
      hint: "set artifacts-dir (or OPS_ARTIFACTS_DIR) to a directory the job can create and write",
      cause: err
    });
  }
  return file;
}
function artifactsDir(env, input) {
  const dir = input || env.OPS_ARTIFACTS_DIR || "./artifacts";
  if (dir.includes("\0")) {
    throw input ? ConfigError.input("artifacts-dir", "contains a NUL character, which no path may hold") : new ConfigError({
      file: "environment OPS_ARTIFACTS_DIR",
      message: "contains a NUL character, which no path may hold"
    });
  }
  return dir;
}

export {
  writeEvidence,
  artifactsDir
};
