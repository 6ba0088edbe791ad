#!/usr/bin/env node
// The demo's deploy program — what a team's ./deploy.sh is in the go-live runbook — copied into the demo workspace
// as ops/deploy.mjs. It deploys a build of the "shop" service at a traffic weight:
//
//   node ops/deploy.mjs --url SERVICE_URL --tag TAG --weight W [--builds ops/builds.json]
//
// The builds file says how each build behaves once it runs (its known defects), e.g.
//   { "v1.3.0-rc1": { "defect": "…", "inject_at": { "25": { "errorRatePct": 8 } } } }
// so the defect shows when the build takes 25 % of the traffic. The service itself is driven by the
// sample service's stand-in deploy program (ops/sample-deploy.mjs, a copy of
// support/sample-service/deploy.mjs): the version is set, earlier faults are cleared (a new build
// replaces the old one), and the build's defect for this weight is injected.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const here = path.dirname(fileURLToPath(import.meta.url));
const url = opt('url');
const tag = opt('tag', process.env.RELEASE_OPS_TAG);
const weight = opt('weight', process.env.RELEASE_OPS_WEIGHT ?? '100');
const buildsFile = opt('builds', path.join(here, 'builds.json'));
if (!url || !tag) {
  console.error('usage: deploy.mjs --url SERVICE_URL --tag TAG --weight W [--builds FILE]');
  process.exit(2);
}
const builds = existsSync(buildsFile) ? JSON.parse(readFileSync(buildsFile, 'utf8')) : {};
const build = builds[tag] ?? {};
const fault = build.inject_at?.[weight];

const driver = path.join(here, 'sample-deploy.mjs');
const argv = [driver, '--url', url, '--version', tag, '--weight', weight, '--reset'];
if (fault) argv.push('--inject-at', `${weight}=${JSON.stringify(fault)}`);
console.log(
  `deploy ${tag} to ${weight}% of traffic${fault ? ` — this build's defect shows: ${build.defect}` : ''}`,
);
const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
process.exit(r.status ?? 1);
