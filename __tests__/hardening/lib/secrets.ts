/**
 * Secrets: the GitHub token, the webhook URL and every header value expanded from the environment
 * (an `Authorization: Bearer ${TENANT_TOKEN}`) must appear nowhere a run writes — the log (stdout and
 * stderr, `::add-mask::` lines aside: that is how the runner learns what to mask), the job summary, the
 * outputs, the evidence files — on the happy path and on every error path: GitHub 401/403/500, a
 * failing webhook, a failing http check or metric, a config error. Nor may it reach what the run
 * sends to others: the GitHub records it writes (issues, comments, release notes, deployment statuses,
 * check runs) and the webhook's messages. Each action is scanned through its bundle (the action host,
 * as the runner runs it) and in-process through `cli()` (the CLI host: stdout and stderr).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runBundle, type BundleRun } from '../../helpers/run-bundle.js';
import type { Case } from './cases.js';
import { clipCases } from './clip.js';
import { bounded, Violations } from './expect.js';
import type { Emulator } from '../../../support/github-emulator/index.js';
import { configs, flow, NODE, openWorld, runnerEnv, type ActionName, type World } from './world.js';

/** Distinctive values; none is a GitHub token format, so redaction cannot lean on a token regex. */
export const SECRETS = {
  token: 'xoxSecretGitHubToken0123456789zz',
  webhookKey: 'WebhookSecretKey0123456789',
  tenant: 'TenantBearerSecret0123456789',
  password: 'BasicAuthPassw0rd9876',
};

export interface SecretTally {
  scanned: number;
  found: number;
}

/** Every text a run left behind, by where it was found. */
export function bundleTexts(r: BundleRun, dir: string): Record<string, string> {
  return {
    stdout: r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    stderr: r.stderr,
    summary: r.summary,
    outputs: JSON.stringify(r.outputs),
    ...filesUnder(dir),
  };
}

/** What a run sent to GitHub (every record it can write) and to the webhook. */
export function sentTexts(emu: Emulator, webhookBodies: string[]): Record<string, string> {
  const st = emu.state;
  return {
    'github releases': JSON.stringify(st.releases.map((r) => [r.name, r.body])),
    'github issues': JSON.stringify(st.issues.map((i) => [i.title, i.body, i.comments.map((c) => c.body)])),
    'github deployments': JSON.stringify(
      st.deployments.map((d) => [
        d.description,
        d.payload,
        d.statuses.map((x) => [x.description, x.log_url, x.environment_url]),
      ]),
    ),
    'github check runs': JSON.stringify(st.checkRuns.map((c) => [c.name, c.output, c.details_url])),
    'github statuses': JSON.stringify(st.statuses.map((x) => [x.context, x.description, x.target_url])),
    'github pulls': JSON.stringify(st.pulls),
    'github tag objects': JSON.stringify([...st.tags.values()].map((t) => t.message)),
    'webhook messages': webhookBodies.join('\n'),
  };
}

/** Evidence and any other file a run wrote under `dir` (the config itself excepted). */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of existsSync(d) ? readdirSync(d) : []) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) {
        if (!['.github', 'remote.git', 'work'].includes(f)) walk(p);
      } else if (p.endsWith('.json') || p.endsWith('.txt') || p.endsWith('.log'))
        out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Every place a secret (or its distinctive part) was found. */
export function leaks(texts: Record<string, string>, secrets: string[]): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts))
    for (const s of secrets) if (s && text.includes(s)) found.push(`${where} contains ${s.slice(0, 10)}…`);
  return found;
}

/** A server for metrics, health and webhooks that answers with `status` (and records what it got). */
async function endpoint(
  status: number,
): Promise<{ url: string; auth: string[]; bodies: string[]; close(): Promise<void> }> {
  const auth: string[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    auth.push(String(req.headers.authorization ?? ''));
    let b = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (b += d));
    req.on('end', () => {
      if (b) bodies.push(b);
      const body = JSON.stringify({
        error_rate_pct: 50,
        p95_ms: 900,
        status: 'degraded',
        echo: req.headers.authorization,
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    auth,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const SECRET_ENV = { TENANT_TOKEN: SECRETS.tenant, BASIC_PASS: SECRETS.password };
const ALL = [SECRETS.token, SECRETS.webhookKey, SECRETS.tenant, SECRETS.password];

interface Scenario {
  id: string;
  action: ActionName | 'cli';
  fault: string;
  /** Sets up the world (faults, config) and returns the inputs and how to run. */
  setup(
    w: World,
    svc: { url: string },
    hook: { url: string },
  ): { inputs: Record<string, string>; env?: Record<string, string> };
  /** What the run must have done (so the scan is not of an empty log). */
  check?(v: Violations, texts: Record<string, string>, w: World, svc: { auth: string[] }): void;
}

function scenarioCases(tally: SecretTally, s: Scenario): Case[] {
  const make = (mode: 'bundle' | 'cli'): Case => ({
    id: `${s.id}:${mode === 'bundle' ? 'action' : 'cli'}`,
    action: s.action,
    fault: `${s.fault} (${mode === 'bundle' ? 'the action bundle, as the runner runs it' : 'the CLI, in-process'})`,
    expected:
      'no token, webhook URL or expanded header value in the log, summary, outputs, evidence, GitHub records or webhook messages',
    slow: mode === 'bundle',
    async run() {
      const w = await openWorld(s.action === 'cli' ? 'auto-rollback' : s.action);
      const svc = await endpoint(500);
      const hook = await endpoint(s.action === 'canary-promote' ? 404 : 500);
      try {
        const hookUrl = { url: `${hook.url}/services/T00/B00/${SECRETS.webhookKey}` };
        const { inputs, env } = s.setup(w, svc, hookUrl);
        const v = new Violations();
        let texts: Record<string, string>;
        if (mode === 'bundle') {
          const r = await runBundle(ACTION_DIR[s.action as ActionName], {
            cwd: w.dir,
            inputs: { 'github-token': SECRETS.token, 'artifacts-dir': 'out', ...inputs },
            env: { ...runnerEnv(w.emu), ...SECRET_ENV, ...env },
            timeoutMs: 60_000,
          });
          texts = bundleTexts(r, w.dir);
          v.ok(
            r.stdout.includes(`::add-mask::${SECRETS.token}`),
            'the token was not registered with the runner (::add-mask::)',
          );
          v.ok(r.exitCode !== null, 'the bundle was killed (a hang)');
        } else {
          texts = await bounded(60_000, this.id, () => viaCli(s.action as ActionName, w, inputs, env));
        }
        Object.assign(texts, sentTexts(w.emu, hook.bodies));
        s.check?.(v, texts, w, svc);
        const found = leaks(texts, ALL);
        tally.scanned += Object.keys(texts).length;
        tally.found += found.length;
        v.list.push(...found);
        return v.list;
      } finally {
        await hook.close();
        await svc.close();
        await w.close();
      }
    },
  });
  return [make('cli'), make('bundle')];
}

/** The CLI host in-process: `release-ops <command> --<input> <value>…`, GITHUB_TOKEN from the environment. */
async function viaCli(
  action: ActionName,
  w: World,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<Record<string, string>> {
  const { cli } = await import('../../../src/cli/main.js');
  const argv: string[] = [COMMAND[action]];
  for (const [k, val] of Object.entries(inputs)) argv.push(`--${k}`, val);
  let stdout = '';
  let stderr = '';
  const code = await cli({
    argv,
    env: {
      PATH: process.env.PATH,
      ...runnerEnv(w.emu),
      GITHUB_TOKEN: SECRETS.token,
      OPS_ARTIFACTS_DIR: path.join(w.dir, 'out'),
      ...SECRET_ENV,
      ...env,
    },
    cwd: w.dir,
    stdout: (x) => (stdout += x),
    stderr: (x) => (stderr += x),
  });
  return { 'cli stdout': stdout, 'cli stderr': `${stderr}\nexit ${code}`, ...filesUnder(w.dir) };
}

const ACTION_DIR: Record<ActionName, string> = {
  'readiness-gate': 'readiness-gate',
  'canary-promote': 'canary-promote',
  'rc-to-ga': 'rc-to-ga',
  'auto-rollback': 'auto-rollback',
};
const COMMAND = {
  'readiness-gate': 'gate',
  'canary-promote': 'canary',
  'rc-to-ga': 'promote',
  'auto-rollback': 'rollback',
} as const;

const authHeaders = '{ Authorization: "Bearer ${TENANT_TOKEN}", X-Api-Token: "${TENANT_TOKEN}" }';

export function secretCases(tally: SecretTally): Case[] {
  const scenarios: Scenario[] = [
    {
      id: 'readiness-gate/secrets-failing-checks-and-github-500',
      action: 'readiness-gate',
      fault:
        'an http check with Authorization: Bearer ${TENANT_TOKEN} and a basic-auth password in its URL answered 500; a command printing the secret and failing; POST check-runs answers 500',
      setup(w, svc) {
        w.emu.faults.add({ method: 'POST', path: /\/check-runs$/, kind: 'status', status: 500 });
        w.writeConfig(
          [
            'gate:',
            '  checks:',
            `    - { name: tenant, type: http, url: "http://ops:\${BASIC_PASS}@${svc.url.replace('http://', '')}/x?k=\${TENANT_TOKEN}", headers: ${authHeaders}, expect_json: [{ path: status, equals: ok }] }`,
            `    - { name: smoke, type: command, run: ${flow([NODE, '-e', 'console.log("token=" + process.env.TENANT_TOKEN + " pass=" + process.env.BASIC_PASS); process.exit(3)'])} }`,
            '',
          ].join('\n'),
        );
        return { inputs: { sha: w.facts.sha! } };
      },
      check(v, texts, _w, svc) {
        v.ok(
          svc.auth.includes(`Bearer ${SECRETS.tenant}`),
          'the http check did not send the expanded header',
        );
        v.ok(
          Object.values(texts).some((t) => /FAIL/.test(t)),
          'the gate did not report FAIL',
        );
      },
    },
    {
      id: 'readiness-gate/secrets-github-401',
      action: 'readiness-gate',
      fault: 'GitHub answers 401 to everything (a bad token); github-checks and the check run fail',
      setup(w) {
        w.emu.faults.add({ kind: 'status', status: 401 });
        w.writeConfig(configs.gate(w));
        return { inputs: { sha: w.facts.sha! } };
      },
      check(v, texts) {
        v.ok(
          Object.values(texts).some((t) => /401/.test(t)),
          'the 401 is not reported',
        );
      },
    },
    {
      id: 'canary-promote/secrets-webhook-metrics',
      action: 'canary-promote',
      fault:
        'a failing webhook (500) whose URL carries its key; a json metric with Authorization: Bearer ${TENANT_TOKEN} answering 500',
      setup(w, svc, hook) {
        w.writeConfig(
          configs.canary(w, {
            deploy: [NODE, '-e', 'console.log("deploying with " + process.env.TENANT_TOKEN)'],
            rollback: [NODE, '-e', '0'],
            metrics: `      - { name: cutover, provider: json, url: "${svc.url}/metrics?k=\${TENANT_TOKEN}", headers: ${authHeaders}, conditions: ["error_rate_pct <= 2"], timeout: 1s }`,
          }),
        );
        return { inputs: { tag: 'v1.1.0', 'previous-tag': 'v1.0.0', 'webhook-url': hook.url } };
      },
      check(v, texts, _w, svc) {
        v.ok(svc.auth.includes(`Bearer ${SECRETS.tenant}`), 'the metric did not send the expanded header');
        v.ok(
          Object.values(texts).some((t) => /rolled-back|rollback-failed|aborted/.test(t)),
          'the rollout did not stop',
        );
      },
    },
    {
      id: 'canary-promote/secrets-github-403-deployment',
      action: 'canary-promote',
      fault:
        'POST deployments answers 403 (no deployments: write): the rollout stops before its first step; a webhook whose URL carries its key',
      setup(w, _svc, hook) {
        w.emu.faults.add({ method: 'POST', path: /\/deployments$/, kind: 'status', status: 403 });
        w.writeConfig(
          configs.canary(w, {
            deploy: [NODE, '-e', 'console.log("deploying with " + process.env.TENANT_TOKEN)'],
            rollback: [NODE, '-e', '0'],
          }),
        );
        return { inputs: { tag: 'v1.1.0', 'previous-tag': 'v1.0.0', 'webhook-url': hook.url } };
      },
      check(v, texts) {
        v.ok(
          Object.values(texts).some((t) => /refused to record the deployment/.test(t)),
          'the refusal is not reported',
        );
        v.ok(
          !Object.values(texts).some((t) => /deploying with/.test(t)),
          'the deploy program ran although the deployment was not recorded',
        );
      },
    },
    {
      id: 'canary-promote/secrets-paused-on-failing-metric',
      action: 'canary-promote',
      fault:
        'on-failure pause; a json metric whose URL carries ${TENANT_TOKEN} (and whose error page echoes the Authorization header) answers 500: the reason goes to the deployment status and the message',
      setup(w, svc, hook) {
        w.writeConfig(
          configs.canary(w, {
            deploy: [NODE, '-e', '0'],
            rollback: [NODE, '-e', '0'],
            metrics: `      - { name: cutover, provider: json, url: "${svc.url}/metrics?k=\${TENANT_TOKEN}", headers: ${authHeaders}, conditions: ["error_rate_pct <= 2"], inconclusive_limit: 0, timeout: 1s }`,
          }),
        );
        return {
          inputs: { tag: 'v1.1.0', 'previous-tag': 'v1.0.0', 'on-failure': 'pause', 'webhook-url': hook.url },
        };
      },
      check(v, texts) {
        // the metric answers 500 from the start: the preflight read stops the rollout before step 1
        // (on-failure pause has nothing to pause), and its reason reaches the deployment status
        v.ok(
          /not started: a metric could not be read/.test(texts['github deployments'] ?? ''),
          'the deployment status does not say why the rollout did not start',
        );
      },
    },
    {
      id: 'canary-promote/secrets-github-401',
      action: 'canary-promote',
      fault: 'GitHub answers 401 to everything; previous-tag not given (the latest-release lookup fails)',
      setup(w) {
        w.emu.faults.add({ kind: 'status', status: 401 });
        w.writeConfig(configs.canary(w, { rollback: [NODE, '-e', '0'] }));
        return { inputs: { tag: 'v1.1.0' } };
      },
    },
    {
      id: 'rc-to-ga/secrets-github-401',
      action: 'rc-to-ga',
      fault: 'GitHub answers 401 to everything (a bad token)',
      setup(w) {
        w.emu.faults.add({ kind: 'status', status: 401 });
        w.writeConfig(configs.promote());
        return { inputs: { 'rc-tag': 'v1.0.0-rc1' } };
      },
      check(v, texts) {
        v.ok(
          Object.values(texts).some((t) => /rejected the token/.test(t)),
          'the 401 is not explained',
        );
      },
    },
    {
      id: 'rc-to-ga/secrets-github-403-and-500',
      action: 'rc-to-ga',
      fault: 'POST releases answers 403 (no contents: write), after a 500 on the tag object',
      setup(w) {
        w.emu.faults.add({ method: 'POST', path: /\/git\/tags$/, kind: 'status', status: 500, times: 1 });
        w.emu.faults.add({ method: 'POST', path: /\/releases$/, kind: 'status', status: 403 });
        w.writeConfig(configs.promote());
        return { inputs: { 'rc-tag': 'v1.0.0-rc1' } };
      },
      check(v, texts) {
        v.ok(
          Object.values(texts).some((t) => /contents: write/.test(t)),
          'the 403 hint is missing',
        );
      },
    },
    {
      id: 'auto-rollback/secrets-webhook-verify-github-403',
      action: 'auto-rollback',
      fault:
        'a failing webhook whose URL carries its key; a verification metric with Authorization: Bearer ${TENANT_TOKEN} answering 500; POST issues answers 403',
      setup(w, svc, hook) {
        w.emu.faults.add({ method: 'POST', path: /\/issues$/, kind: 'status', status: 403 });
        w.writeConfig(
          configs.rollback(w, {
            run: [
              NODE,
              '-e',
              'console.log("to " + process.env.RELEASE_OPS_TO_TAG + " with " + process.env.TENANT_TOKEN)',
            ],
            verify: [
              '    interval: 50ms',
              '    window: 100ms',
              '    metrics:',
              `      - { name: health, provider: http, url: "${svc.url}/health?k=\${TENANT_TOKEN}", headers: ${authHeaders}, samples: 1, timeout: 1s, conditions: ["error_rate_pct == 0"] }`,
            ].join('\n'),
          }),
        );
        return { inputs: { from: 'v1.1.0', reason: 'checkout answers 500', 'webhook-url': hook.url } };
      },
      check(v, texts, _w, svc) {
        v.ok(
          svc.auth.includes(`Bearer ${SECRETS.tenant}`),
          'the verification did not send the expanded header',
        );
        v.ok(
          Object.values(texts).some((t) => /rollback-failed/.test(t)),
          'the rollback did not fail as expected',
        );
      },
    },
    {
      id: 'auto-rollback/secrets-verify-metric-url',
      action: 'auto-rollback',
      fault:
        'the verification reads a json metric whose URL carries ${TENANT_TOKEN} and which answers 500: the failure goes into the incident, its comments and the deployment status',
      setup(w, svc, hook) {
        w.writeConfig(
          configs.rollback(w, {
            run: [NODE, '-e', '0'],
            verify: [
              '    interval: 50ms',
              '    window: 100ms',
              '    metrics:',
              `      - { name: errors, provider: json, url: "${svc.url}/metrics?k=\${TENANT_TOKEN}", headers: ${authHeaders}, conditions: ["error_rate_pct <= 2"], inconclusive_limit: 0, timeout: 1s }`,
            ].join('\n'),
          }),
        );
        return { inputs: { from: 'v1.1.0', reason: 'checkout answers 500', 'webhook-url': hook.url } };
      },
      check(v, texts) {
        v.ok(
          /rollback-failed/.test(texts['github issues'] ?? ''),
          'the incident does not record the failure',
        );
      },
    },
    {
      id: 'auto-rollback/secrets-github-401',
      action: 'auto-rollback',
      fault: 'GitHub answers 401 to everything',
      setup(w) {
        w.emu.faults.add({ kind: 'status', status: 401 });
        w.writeConfig(configs.rollback(w));
        return { inputs: { reason: 'checkout answers 500' } };
      },
    },
    {
      id: 'auto-rollback/secrets-config-error',
      action: 'auto-rollback',
      fault:
        'a config error (quoting values) in a config that references ${TENANT_TOKEN}, and an invalid input, with the webhook and token set',
      setup(w, _svc, hook) {
        w.writeConfig(
          [
            'rollback:',
            '  program_timeout: "${TENANT_TOKEN}"',
            '  verify:',
            '    metrics:',
            '      - { name: h, provider: http, url: "http://127.0.0.1:1/${TENANT_TOKEN}", headers: { Authorization: 42 }, conditions: ["x"] }',
            '',
          ].join('\n'),
        );
        return { inputs: { from: 'v1.1.0', severity: 'urgent', 'webhook-url': hook.url } };
      },
      check(v, texts) {
        v.ok(
          Object.values(texts).some((t) => /severity|program_timeout/.test(t)),
          'the config error is not reported',
        );
      },
    },
  ];
  return [...scenarios.flatMap((s) => scenarioCases(tally, s)), ...clipCases(tally)];
}
