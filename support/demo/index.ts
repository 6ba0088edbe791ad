/**
 * `npm run demo`: the go-live story end to end, on 127.0.0.1, with no credentials.
 *
 * A GitHub API emulator holds acme/shop's releases (v1.0.0 live, v1.1.0-rc1 waiting); the sample
 * service plays the shop in production, with user traffic; the real action bundles (dist/<action>/
 * index.js) run as the Actions runner runs them. The story:
 *
 *   1. readiness-gate       v1.1.0-rc1's pre-deploy checklist                    → PASS
 *   2. canary-promote       v1.1.0-rc1 at 10 % → 25 % → 100 %                     → promoted
 *   3. rc-to-ga             v1.1.0-rc1 → v1.1.0 (notes and assets copied)         → v1.1.0 latest
 *   4. canary-promote       v1.2.0-rc1                                            → promoted
 *   5. rc-to-ga             v1.2.0-rc1 → v1.2.0                                   → v1.2.0 latest
 *   6. auto-rollback watch  hypercare of v1.2.0: its error rate climbs past 5 %   → rolled back to v1.1.0
 *   7. canary-promote       v1.3.0-rc1 breaks at 25 %                             → aborted, rolled back
 *   8. rc-to-ga             v1.2.0-rc1 again: the build was rolled back           → refused, nothing written
 *   9. status               what is live where, read from the ledger              → production on v1.1.0
 *
 * Each step's job summary is printed as terminal text; evidence files stay in ./artifacts (or
 * $OPS_ARTIFACTS_DIR); a recap ends the run. Exit 1 when any stage's outcome differs from the story.
 * Options: --quiet (recap only), --keep (keep the temporary workspace), --verbose (step logs too).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { displayWidth, renderMarkdown, renderTable, stripAnsi } from './markdown.js';
import { REPO_ROOT, runAction, type ActionRun } from './runner.js';
import { createWorkspace, demoConfig, FAKE_TOKEN, OWNER, REPO, startWorld, type World } from './world.js';

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const verbose = args.has('--verbose');
const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const width = Math.max(80, Math.min(process.stdout.columns ?? 100, 120));
const ARTIFACTS = path.resolve(process.env.OPS_ARTIFACTS_DIR || 'artifacts');

const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (t: string) => paint('1', t);
const dim = (t: string) => paint('2', t);
const green = (t: string) => paint('32', t);
const red = (t: string) => paint('31', t);
const say = (text = '') => {
  if (!quiet) process.stdout.write(text + '\n');
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Check {
  what: string;
  expected: string;
  actual: string;
}
interface Stage {
  n: number;
  /** For the recap, e.g. "canary v1.1.0-rc1". */
  short: string;
  title: string;
  action: string;
  expected: string;
  result: string;
  figure: string;
  evidence: string;
  checks: Check[];
  durationMs: number;
}
const stages: Stage[] = [];
/** How many stages the story has. */
const STAGES = 9;

function expectValue(stage: Stage, what: string, actual: unknown, expected: unknown): void {
  const text = (v: unknown) => (v === undefined || v === '' ? '(empty)' : String(v));
  stage.checks.push({ what, expected: text(expected), actual: text(actual) });
}
const failedChecks = (s: Stage) => s.checks.filter((c) => c.actual !== c.expected);

function readJson(file: string | undefined): any {
  if (!file) return null;
  try {
    return JSON.parse(readFileSync(path.resolve(file), 'utf8'));
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  for (const a of ['readiness-gate', 'canary-promote', 'rc-to-ga', 'auto-rollback']) {
    if (!existsSync(path.join(REPO_ROOT, 'dist', a, 'index.js'))) {
      process.stderr.write(`demo: dist/${a}/index.js is missing: run \`npm run package\` first\n`);
      return 2;
    }
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const world = await startWorld();
  const ws = mkdtempSync(path.join(os.tmpdir(), 'release-ops-demo-'));
  let code = 1;
  try {
    const config = demoConfig(world.service.url);
    createWorkspace(ws, config);
    intro(world, ws, config);
    await story(world, ws);
    code = recap(started);
  } finally {
    await world.close();
    if (args.has('--keep')) say(dim(`workspace kept: ${ws}`));
    else rmSync(ws, { recursive: true, force: true });
  }
  return code;
}

function intro(world: World, ws: string, config: string): void {
  say(bold('release-ops demo — the go-live story of acme/shop, on this machine'));
  say(
    `GitHub API emulator ${world.emu.url} (acme/shop: v1.0.0 latest, v1.1.0-rc1 prerelease) · ` +
      `sample service ${world.service.url} running v1.0.0 with user traffic · ` +
      `ops channel webhook on 127.0.0.1 · workspace ${ws}`,
  );
  say(dim('Every step below runs a real bundle, dist/<action>/index.js, as the Actions runner would.'));
  say('');
  say(bold('The runbooks as config: .github/release-ops.yml'));
  for (const line of config.trimEnd().split('\n')) say(dim(`  ${line}`));
}

let runNumber = 4100;
function jobEnv(
  world: World,
  job: string,
  event = 'workflow_dispatch',
  sha?: string,
): Record<string, string> {
  runNumber += 1;
  return {
    GITHUB_API_URL: world.emu.url,
    GITHUB_SERVER_URL: world.emu.url,
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_REPOSITORY_OWNER: OWNER,
    GITHUB_TOKEN: FAKE_TOKEN,
    GITHUB_RUN_ID: String(runNumber),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: job,
    GITHUB_WORKFLOW: event === 'schedule' ? 'hypercare' : 'go-live',
    GITHUB_EVENT_NAME: event,
    GITHUB_ACTOR: 'shop-release-captain',
    GITHUB_REF: 'refs/heads/main',
    ...(sha ? { GITHUB_SHA: sha } : {}),
    // Evidence goes to the workspace's artifacts/ (as on a runner), and is copied to ./artifacts.
    OPS_ARTIFACTS_DIR: 'artifacts',
    // Octokit spaces writes 1 s apart (GitHub's guidance); the emulator needs no spacing.
    RELEASE_OPS_GITHUB_WAIT_BASE_MS: '5',
  };
}

interface StepRun extends ActionRun {
  /** The evidence file this step wrote, copied to ./artifacts (absolute path), or ''. */
  evidence: string;
  /** Where a secret (the token, the webhook URL) showed up: log, summary, outputs, evidence; '' if nowhere. */
  leaked: string;
}

const listEvidence = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /_report_\w+\.json$/.test(f)) : [];

async function runStep(
  world: World,
  ws: string,
  s: {
    n: number;
    title: string;
    action: string;
    inputs: Record<string, string>;
    env: Record<string, string>;
  },
): Promise<StepRun> {
  const wsArtifacts = path.join(ws, 'artifacts');
  const before = new Set(listEvidence(wsArtifacts));
  say('');
  say(bold(`━━━ ${s.n}/${STAGES} ${s.title} ${'━'.repeat(Math.max(3, width - displayWidth(s.title) - 12))}`));
  const shown = Object.entries(s.inputs)
    .filter(([k, v]) => v !== '' && k !== 'github-token' && k !== 'webhook-url')
    .map(([k, v]) => `${k}: ${v}`);
  // the root action (dist/main) is `uses: ./`; each sub-action is `uses: ./actions/<name>`
  say(dim(`uses: ./${s.action === 'main' ? '' : `actions/${s.action}`}   with: { ${shown.join(', ')} }`));
  const messagesBefore = world.webhook.messages.length;
  const run = await runAction(s.action, {
    inputs: { 'github-token': FAKE_TOKEN, ...s.inputs },
    env: s.env,
    cwd: ws,
    onLine: verbose ? (l) => say(dim(`  │ ${l}`)) : undefined,
  });
  say('');
  say(renderMarkdown(run.summary, { width: width - 2, color, indent: '  ' }).trimEnd());
  for (const a of run.annotations) say(`  ${a.level === 'error' ? red('error') : a.level}: ${a.message}`);
  const sent = world.webhook.messages.slice(messagesBefore);
  if (sent.length) {
    say('');
    say(bold('  #ops channel (webhook)'));
    for (const m of sent) say(`  ${dim(clock(m.at))}  ${m.text}`);
  }
  const outputs = Object.entries(run.outputs)
    // the status command's json output repeats the table above
    .filter(([k, v]) => v !== '' && k !== 'json')
    .map(([k, v]) => `${k}=${v}`);
  say('');
  say(dim(`  exit ${run.exitCode} in ${seconds(run.durationMs)} · outputs: ${outputs.join(' · ')}`));
  // the job summary as GitHub shows it (Markdown, Mermaid charts): support/charts/render.ts draws it
  mkdirSync(path.join(ARTIFACTS, 'summaries'), { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'summaries', `${s.n}-${s.action}.md`), run.summary);
  let evidence = '';
  for (const f of listEvidence(wsArtifacts).filter((x) => !before.has(x))) {
    evidence = path.join(ARTIFACTS, f);
    copyFileSync(path.join(wsArtifacts, f), evidence);
  }
  const secrets = [FAKE_TOKEN, world.webhook.url];
  const places: [string, string][] = [
    ['log', run.stdout.replace(/^::add-mask::.*$/gm, '') + run.stderr],
    ['summary', run.summary],
    ['outputs', JSON.stringify(run.outputs)],
    ['evidence', evidence ? readFileSync(evidence, 'utf8') : ''],
  ];
  const leaked = places
    .filter(([, text]) => secrets.some((x) => text.includes(x)))
    .map(([where]) => where)
    .join(', ');
  return { ...run, evidence, leaked };
}

function stage(n: number, short: string, title: string, action: string, expected: string): Stage {
  const s: Stage = {
    n,
    short,
    title,
    action,
    expected,
    result: '',
    figure: '',
    evidence: '',
    checks: [],
    durationMs: 0,
  };
  stages.push(s);
  return s;
}

const shown = (file: string) => (file ? path.relative(process.cwd(), file) || file : '');

async function story(world: World, ws: string): Promise<void> {
  const { emu, service, webhook } = world;
  const releaseOf = (tag: string) => emu.state.releases.find((r) => r.tag_name === tag);
  const latestTag = () => emu.latestRelease()?.tag_name ?? '(none)';

  // 1 ─ readiness gate ────────────────────────────────────────────────────────────────────────
  {
    const st = stage(
      1,
      'gate v1.1.0-rc1',
      'readiness-gate: the pre-deploy checklist of v1.1.0-rc1',
      'readiness-gate',
      'PASS',
    );
    const sha = world.commits.get('v1.1.0-rc1')!;
    const run = await runStep(world, ws, {
      n: 1,
      title: st.title,
      action: 'readiness-gate',
      inputs: { sha },
      env: jobEnv(world, 'gate', 'workflow_dispatch', sha),
    });
    st.result = run.outputs.result ?? `exit ${run.exitCode}`;
    st.durationMs = run.durationMs;
    expectValue(st, 'secrets shown in', run.leaked, '');
    st.evidence = shown(run.evidence);
    expectValue(st, 'exit code', run.exitCode, 0);
    expectValue(st, 'result', run.outputs.result, 'PASS');
    const checkRun = emu.state.checkRuns.find((c) => c.name === 'readiness-gate' && c.head_sha === sha);
    expectValue(st, 'PR check run readiness-gate', checkRun?.conclusion, 'success');
    const ev = readJson(run.evidence);
    const checks: any[] = ev?.details?.checks ?? [];
    const p95 = checks.find((c) => c.name === 'health-p95')?.measurements?.latency_ms?.p95;
    const passed = checks.filter((c) => c.verdict === 'pass').length;
    st.figure = `${passed}/${checks.length} checks pass; /health p95 ${typeof p95 === 'number' ? p95.toFixed(1) : '?'} ms ≤ 120`;
  }

  // 2 ─ canary of v1.1.0-rc1 ──────────────────────────────────────────────────────────────────
  await canary(
    world,
    ws,
    stage(
      2,
      'canary v1.1.0-rc1',
      'canary-promote: v1.1.0-rc1 at 10 % → 25 % → 100 %',
      'canary-promote',
      'promoted',
    ),
    'v1.1.0-rc1',
    'promoted',
  );

  // 3 ─ promotion to GA ──────────────────────────────────────────────────────────────────────
  await promote(
    world,
    ws,
    stage(3, 'promote v1.1.0-rc1', 'rc-to-ga: v1.1.0-rc1 becomes v1.1.0', 'rc-to-ga', 'v1.1.0 GA'),
    'v1.1.0-rc1',
    'v1.1.0',
  );

  // 4, 5 ─ the next release ───────────────────────────────────────────────────────────────────
  say('');
  say(bold('A week later the team cuts v1.2.0-rc1 (its CI is green).'));
  world.cutRc('v1.2.0-rc1', 'feat: saved carts');
  await canary(
    world,
    ws,
    stage(
      4,
      'canary v1.2.0-rc1',
      'canary-promote: v1.2.0-rc1 at 10 % → 25 % → 100 %',
      'canary-promote',
      'promoted',
    ),
    'v1.2.0-rc1',
    'promoted',
  );
  await promote(
    world,
    ws,
    stage(5, 'promote v1.2.0-rc1', 'rc-to-ga: v1.2.0-rc1 becomes v1.2.0', 'rc-to-ga', 'v1.2.0 GA'),
    'v1.2.0-rc1',
    'v1.2.0',
  );

  // 6 ─ hypercare watch ──────────────────────────────────────────────────────────────────────
  {
    const st = stage(
      6,
      'hypercare watch v1.2.0',
      'auto-rollback (mode watch): hypercare of v1.2.0',
      'auto-rollback',
      'rolled-back',
    );
    say('');
    say(
      bold(
        "The hypercare watch starts (the release runbook's 0h window). Meanwhile v1.2.0 starts leaking connections…",
      ),
    );
    let stopClimb = false;
    let crossedAt = 0;
    const climb = (async () => {
      await sleep(1500);
      for (const pct of [2, 4, 6, 9]) {
        if (stopClimb || service.version !== 'v1.2.0-rc1') return;
        service.inject({ errorRatePct: pct });
        if (pct > 5 && !crossedAt) crossedAt = Date.now();
        say(dim(`  ${clock(Date.now())}  (users) v1.2.0 now fails ${pct} % of requests`));
        await sleep(400);
      }
    })();
    const run = await runStep(world, ws, {
      n: 6,
      title: st.title,
      action: 'auto-rollback',
      inputs: {
        mode: 'watch',
        'hypercare-window': 'auto',
        'webhook-url': webhook.url,
      },
      env: jobEnv(world, 'watch', 'schedule'),
    });
    stopClimb = true;
    await climb;
    st.result = run.outputs.result ?? `exit ${run.exitCode}`;
    st.durationMs = run.durationMs;
    expectValue(st, 'secrets shown in', run.leaked, '');
    st.evidence = shown(run.evidence);
    expectValue(st, 'exit code', run.exitCode, 0);
    expectValue(st, 'result', run.outputs.result, 'rolled-back');
    expectValue(st, 'from-tag', run.outputs['from-tag'], 'v1.2.0');
    expectValue(st, 'to-tag', run.outputs['to-tag'], 'v1.1.0');
    expectValue(st, 'trigger', /^(errors|health): error_rate_pct/.test(run.outputs.reason ?? ''), true);
    expectValue(st, 'v1.2.0 demoted to a prerelease', releaseOf('v1.2.0')?.prerelease, true);
    expectValue(st, 'latest release', latestTag(), 'v1.1.0');
    expectValue(st, 'service redeployed', service.version, 'v1.1.0');
    const issue = emu.state.issues.find((i) => i.labels.includes('incident') && i.state === 'open');
    expectValue(st, 'incident issue open', Boolean(issue && run.outputs['incident-url']), true);
    const ev = readJson(run.evidence);
    const triggered = Date.parse(ev?.details?.timings?.triggered_at ?? '');
    const restored = Date.parse(ev?.details?.timings?.health_restored_at ?? '');
    const detect = crossedAt && triggered ? seconds(triggered - crossedAt) : '?';
    const restore = triggered && restored ? seconds(restored - triggered) : '?';
    st.figure = `>5 % errors caught in ${detect}; healthy in ${restore}; incident #${issue?.number ?? '?'}`;
    if (issue) {
      say('');
      say(bold(`  Incident #${issue.number}: ${issue.title}`));
      say(renderMarkdown(issue.body ?? '', { width: width - 4, color, indent: '    ' }).trimEnd());
    }
  }

  // 7 ─ a canary that breaks at 25 % ───────────────────────────────────────────────────────────
  say('');
  say(bold('The fix for the leak ships as v1.3.0-rc1 — with a connection pool that is too small.'));
  world.cutRc('v1.3.0-rc1', 'fix: close database connections');
  await canary(
    world,
    ws,
    stage(
      7,
      'canary v1.3.0-rc1',
      'canary-promote: v1.3.0-rc1 breaks at 25 %',
      'canary-promote',
      'rolled-back',
    ),
    'v1.3.0-rc1',
    'rolled-back',
  );

  // 8 ─ the rolled-back build cannot be promoted again by mistake ─────────────────────────────────
  say('');
  say(bold('Someone re-runs the promotion of v1.2.0-rc1 — the build hypercare rolled back.'));
  {
    const st = stage(
      8,
      'promote v1.2.0-rc1 again',
      'rc-to-ga: v1.2.0-rc1 again, after its rollback',
      'rc-to-ga',
      'refused',
    );
    const writesBefore = emu.requests.filter((r) => r.method !== 'GET').length;
    const run = await runStep(world, ws, {
      n: 8,
      title: st.title,
      action: 'rc-to-ga',
      inputs: { 'rc-tag': 'v1.2.0-rc1' },
      env: jobEnv(world, 'promote', 'workflow_dispatch', world.commits.get('v1.2.0-rc1')),
    });
    const writes = emu.requests.filter((r) => r.method !== 'GET').length - writesBefore;
    const refused = /refused: v1\.2\.0/.test(run.stdout + run.stderr);
    st.result = refused ? 'refused' : `exit ${run.exitCode}`;
    st.durationMs = run.durationMs;
    expectValue(st, 'secrets shown in', run.leaked, '');
    expectValue(st, 'exit code', run.exitCode, 1);
    expectValue(st, 'refused as rolled back', refused, true);
    expectValue(st, 'GitHub writes', writes, 0);
    expectValue(st, 'latest release', latestTag(), 'v1.1.0');
    st.figure = `refused before any write (${writes} writes): the override is allow-rolled-back with a reason`;
  }

  // 9 ─ what is live where ─────────────────────────────────────────────────────────────────────
  {
    const st = stage(
      9,
      'status',
      'status: what is live where (the ledger)',
      'status',
      'production on v1.1.0',
    );
    const run = await runStep(world, ws, {
      n: 9,
      title: st.title,
      action: 'main',
      inputs: { command: 'status' },
      env: jobEnv(world, 'status'),
    });
    const doc = JSON.parse(run.outputs.json ?? '{}') as {
      environments?: { environment: string; tag: string }[];
      releases?: { rolled_back?: { tag: string }[] };
    };
    const prod = doc.environments?.find((e) => e.environment === 'production');
    st.result = prod ? `production on ${prod.tag}` : `exit ${run.exitCode}`;
    st.durationMs = run.durationMs;
    expectValue(st, 'exit code', run.exitCode, 0);
    expectValue(st, 'production runs', prod?.tag, 'v1.1.0');
    expectValue(st, 'service runs', service.version, 'v1.1.0');
    const marked = (doc.releases?.rolled_back ?? []).map((r) => r.tag);
    expectValue(st, 'v1.2.0 marked rolled back', marked.includes('v1.2.0'), true);
    st.figure = `production on ${prod?.tag ?? '?'}; rolled back: ${marked.join(', ') || 'none'}`;
  }
}

async function canary(
  world: World,
  ws: string,
  st: Stage,
  tag: string,
  expected: 'promoted' | 'rolled-back',
): Promise<void> {
  const { emu, service, webhook } = world;
  const previous = emu.latestRelease()?.tag_name;
  const run = await runStep(world, ws, {
    n: st.n,
    title: st.title,
    action: 'canary-promote',
    inputs: { tag, 'webhook-url': webhook.url },
    env: jobEnv(world, 'canary', 'workflow_dispatch', world.commits.get(tag)),
  });
  st.result = run.outputs.result ?? `exit ${run.exitCode}`;
  st.durationMs = run.durationMs;
  expectValue(st, 'secrets shown in', run.leaked, '');
  st.evidence = shown(run.evidence);
  const ev = readJson(run.evidence);
  const steps: any[] = ev?.details?.steps ?? [];
  const weights = steps.filter((s) => s.deploy).map((s) => s.weight);
  const measurements = steps.reduce((n, s) => n + (s.analysis?.measurements?.length ?? 0), 0);
  const deployment = emu.state.deployments.find((d) => String(d.id) === run.outputs['deployment-id']);
  expectValue(st, 'result', run.outputs.result, expected);
  if (expected === 'promoted') {
    expectValue(st, 'exit code', run.exitCode, 0);
    expectValue(st, 'service runs', service.version, tag);
    expectValue(st, 'deployment', deployment?.statuses.at(-1)?.state, 'success');
  } else {
    expectValue(st, 'exit code', run.exitCode, 1);
    expectValue(st, 'failed-step', run.outputs['failed-step'], '2');
    expectValue(st, 'highest weight reached', Math.max(0, ...weights), 25);
    expectValue(st, 'service rolled back to', service.version, previous);
    expectValue(st, 'latest release', emu.latestRelease()?.tag_name, previous);
    expectValue(st, 'deployment', deployment?.statuses.at(-1)?.state, 'failure');
  }
  if (run.outputs.result === 'promoted') {
    st.figure = `${weights.map((w) => `${w} %`).join(' → ')} healthy; ${measurements} measurements`;
  } else {
    const why = /analysis failed: [^:]+: (\S+ [\d.]+ \S+ [\d.]+)/.exec(run.outputs.reason ?? '')?.[1];
    const at = weights.at(-1);
    st.figure = `stopped at ${at ?? '?'} %${why ? `: ${why}` : ''}; back on ${service.version}`;
  }
}

async function promote(world: World, ws: string, st: Stage, rc: string, ga: string): Promise<void> {
  const { emu } = world;
  const run = await runStep(world, ws, {
    n: st.n,
    title: st.title,
    action: 'rc-to-ga',
    inputs: { 'rc-tag': rc },
    env: jobEnv(world, 'promote', 'workflow_dispatch', world.commits.get(rc)),
  });
  st.result = run.outputs['ga-tag'] ? `${run.outputs['ga-tag']} GA` : `exit ${run.exitCode}`;
  st.durationMs = run.durationMs;
  expectValue(st, 'secrets shown in', run.leaked, '');
  st.evidence = shown(run.evidence);
  expectValue(st, 'exit code', run.exitCode, 0);
  expectValue(st, 'ga-tag', run.outputs['ga-tag'], ga);
  expectValue(st, 'changed', run.outputs.changed, 'true');
  expectValue(st, 'latest release', emu.latestRelease()?.tag_name, ga);
  const release = emu.state.releases.find((r) => r.tag_name === ga);
  const assets = emu.state.assets.filter((a) => a.release_id === release?.id && a.state === 'uploaded');
  const rcRelease = emu.state.releases.find((r) => r.tag_name === rc);
  const rcAssets = emu.state.assets.filter((a) => a.release_id === rcRelease?.id);
  expectValue(st, 'assets copied', assets.length, rcAssets.length);
  expectValue(st, 'notes reused', release?.body === rcRelease?.body, true);
  st.figure = `${assets.length} assets copied, sha256 verified; notes reused; latest`;
}

function recap(started: number): number {
  const wall = Date.now() - started;
  const ok = stages.every((s) => failedChecks(s).length === 0) && stages.length === STAGES;
  const rows = stages.map((s) => [
    String(s.n),
    `${s.short}<br>${s.action}`,
    `${failedChecks(s).length === 0 ? '✓' : '✗'} ${s.result}<br>${seconds(s.durationMs)}`,
    `${s.figure}<br>${s.evidence || '(no evidence file)'}`,
  ]);
  const lines = [
    '',
    bold(`═══ Recap ${'═'.repeat(width - 10)}`),
    ...renderTable(['#', 'stage', 'result', 'key figure / evidence file'], rows, width, color),
    '',
    `Evidence: ${path.relative(process.cwd(), ARTIFACTS) || '.'}/ (${stages.filter((s) => s.evidence).length} files this run; each job summary in summaries/) · wall time ${seconds(wall)}`,
  ];
  for (const s of stages) {
    for (const c of failedChecks(s)) {
      lines.push(
        red(`✗ stage ${s.n} (${s.action}): ${c.what} was ${c.actual}, the story expects ${c.expected}`),
      );
    }
  }
  lines.push(
    ok
      ? green('The story played out as told: every stage ended as expected.')
      : red('The story did NOT play out as told (see above): exit 1.'),
  );
  const text = lines.join('\n');
  process.stdout.write(text + '\n');
  writeFileSync(path.join(ARTIFACTS, 'demo_recap.txt'), stripAnsi(text) + '\n');
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
