import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/evidence/write.ts
import path from "node:path";
var EVIDENCE_SCHEMA_VERSION = 1;
function utcStamp(ms) {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}
async function writeEvidence(deps, opts) {
  await deps.fs.mkdirp(opts.dir);
  const file = path.join(opts.dir, `${opts.prefix}_${utcStamp(deps.clock.now())}.json`);
  const body = { schema_version: EVIDENCE_SCHEMA_VERSION, ...opts.data };
  await deps.fs.writeFile(file, JSON.stringify(deps.redactor.redactDeep(body), null, 2) + "\n");
  return file;
}
function artifactsDir(env, input) {
  return input || env.OPS_ARTIFACTS_DIR || "./artifacts";
}

export {
  writeEvidence,
  artifactsDir
};
