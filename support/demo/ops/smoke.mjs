#!/usr/bin/env node
// The demo's critical smoke test (the recovery playbook and the go-live runbook: health, readiness and a contract check),
// copied into the demo workspace as ops/smoke.mjs and run by the readiness gate as a command check:
//
//   node ops/smoke.mjs SERVICE_URL
//
// Exit 0 when every check passes, 1 otherwise; one line per check, like `pytest -q` would print.
const base = process.argv[2];
if (!base) {
  console.error('usage: smoke.mjs SERVICE_URL');
  process.exit(2);
}

const checks = [
  ['GET /health answers 200 {"status":"ok"}', '/health', (s, b) => s === 200 && b.status === 'ok'],
  ['GET /ready answers 200 {"ready":true}', '/ready', (s, b) => s === 200 && b.ready === true],
  ['GET /version names a release tag', '/version', (s, b) => s === 200 && /^v\d+\.\d+\.\d+/.test(b.version)],
  [
    'GET /metrics.json has error_rate_pct and p95_ms',
    '/metrics.json',
    (s, b) => s === 200 && 'error_rate_pct' in b && 'p95_ms' in b,
  ],
];

let failed = 0;
for (const [name, path, ok] of checks) {
  let verdict;
  try {
    const res = await fetch(new URL(path, base), { signal: AbortSignal.timeout(5000) });
    const body = await res.json().catch(() => ({}));
    verdict = ok(res.status, body) ? 'PASSED' : `FAILED (status ${res.status}, body ${JSON.stringify(body)})`;
  } catch (err) {
    verdict = `FAILED (${err.message})`;
  }
  if (verdict !== 'PASSED') failed++;
  console.log(`smoke: ${name} ... ${verdict}`);
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
