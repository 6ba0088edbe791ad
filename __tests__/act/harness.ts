/**
 * Runs this repository's workflows with nektos/act in host mode (`-P ubuntu-latest=-self-hosted`: the
 * steps run as processes on this machine, no Docker), against the GitHub emulator, and reads back what
 * act reports: each job's and step's result, the step outputs (`set-output`) and the job summaries
 * (act's `--json` log).
 *
 * What act does in host mode, and what a test here arranges around it:
 * - A plain `actions/checkout` copies the act working directory (`.git` included, `.gitignore`d files
 *   left out) into the job's fresh workspace; a checkout `with: ref:` (or `repository:`) is a remote
 *   action, served by the stand-in below, which clones the test's bare "origin" at that ref.
 * - Any other remote action would be cloned from github.com; each one the workflows use has a stand-in
 *   (`--local-repository owner/repo@ref=DIR`), and `gh`, which GitHub's runners have, is a stand-in on
 *   PATH. Nothing reaches the network but the npm registry (`npm ci` in the jobs).
 * - Steps inherit the environment act is started with: Node 24 first on PATH (act runs node20 and
 *   node24 actions with the `node` it finds there), and a marker variable that lets a test find — and
 *   end — the processes a run left behind (the drill service a job starts with `nohup … &`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../support/demo/runner.js';
import type { Emulator } from '../../support/github-emulator/index.js';

/** The drill service's port: fixed in the workflows and in .github/release-ops.yml. */
export const DRILL_PORT = 8080;

export interface Tools {
  act: string;
  /** The Node 24 binary act's steps run with. */
  node: string;
}

const setupCommand = (script: string) => `bash scripts/${script}`;

function setup(script: string, envName: string): string {
  const known = process.env[envName];
  if (known && existsSync(known)) return known;
  const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', script)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !existsSync(out))
    throw new Error(`${script} failed (${r.stderr.trim()}). Run: ${setupCommand(script)}`);
  return out;
}

/** act and Node 24, from the setup scripts (jest's globalSetup has usually run them already). */
export function tools(): Tools {
  return {
    act: setup('setup-act.sh', 'RELEASE_OPS_ACT'),
    node: setup('setup-node24.sh', 'RELEASE_OPS_NODE24'),
  };
}

const git = (cwd: string, ...args: string[]): string =>
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Release Captain',
      '-c',
      'user.email=captain@release-ops.invalid',
      '-c',
      'commit.gpgsign=false',
      '-c',
      'tag.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
export { git };

/**
 * This repository's working tree as a fresh clone would have it (tracked and new files, nothing that
 * .gitignore excludes: no node_modules), copied into `dest`.
 */
export function copyWorkingTree(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '-c', '-o', '--exclude-standard'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    const from = path.join(REPO_ROOT, f);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    copyFileSync(from, path.join(dest, f));
  }
}

/**
 * The working tree copied into `dest` (see copyWorkingTree), with dist/ rebuilt there from the copied
 * sources: a consistent repository even while someone rebuilds dist/ in the working tree, and the
 * bundles CI requires committed. node_modules is hard-linked for the build, not symlinked (the
 * bundles name their sources by path), and removed after it.
 */
export function snapshotRepository(dest: string): void {
  copyWorkingTree(dest);
  execFileSync('cp', ['-al', path.join(REPO_ROOT, 'node_modules'), path.join(dest, 'node_modules')]);
  try {
    execFileSync(process.execPath, ['scripts/package.mjs'], { cwd: dest, stdio: 'pipe' });
  } finally {
    rmSync(path.join(dest, 'node_modules'), { recursive: true, force: true });
  }
}

/** Makes a commit of the workspace known to the emulator under its real sha (and parents). */
export function adoptCommit(emu: Emulator, ws: string, rev: string): string {
  const sha = git(ws, 'rev-parse', `${rev}^{commit}`);
  if (emu.state.commits.has(sha)) return sha;
  const [parents, message, date] = git(ws, 'show', '-s', '--format=%P%n%s%n%cI', sha).split('\n');
  const user = { name: 'Release Captain', email: 'captain@release-ops.invalid', date: date! };
  const known = (parents ?? '').split(' ').filter((p) => emu.state.commits.has(p));
  emu.state.commits.set(sha, {
    sha,
    message: message!,
    parents: known.length ? known : [emu.state.refs.get('refs/heads/main')!],
    tree: git(ws, 'rev-parse', `${sha}^{tree}`),
    author: user,
    committer: user,
  });
  return sha;
}

/**
 * The stand-ins act uses instead of remote actions (`--local-repository`), and a `gh` on PATH. Each is
 * as small as the workflows allow; none reaches the network.
 */
export function writeStandIns(dir: string): { localRepositories: string[]; bin: string } {
  const action = (name: string, yml: string) => {
    mkdirSync(path.join(dir, name), { recursive: true });
    writeFileSync(path.join(dir, name, 'action.yml'), yml);
    return path.join(dir, name);
  };
  // actions/checkout@v4 — only reached when a checkout names a `ref:` (act copies the working
  // directory for a plain checkout): clones the test's bare origin ($RELEASE_OPS_ACT_ORIGIN) at `ref`
  // into the workspace, with tags, as actions/checkout does with the repository on GitHub.
  const checkout = action(
    'checkout',
    `name: checkout stand-in
inputs:
  ref: { default: '' }
  path: { default: '' }
  fetch-depth: { default: '1' }
runs:
  using: composite
  steps:
    - shell: bash
      env:
        REF: \${{ inputs.ref }}
        DEST: \${{ inputs.path }}
      run: |
        cd "$GITHUB_WORKSPACE/$DEST"
        git init -q .
        git remote add origin "$RELEASE_OPS_ACT_ORIGIN"
        git fetch -q --tags origin '+refs/heads/*:refs/remotes/origin/*'
        git -c advice.detachedHead=false checkout -q "\${REF:-$GITHUB_SHA}"
        echo "checked out $(git rev-parse HEAD) ($REF)"
`,
  );
  // actions/setup-node@v4 — act puts no toolcache Node on PATH; the steps run the `node` the test
  // put first on PATH (Node 24, the Actions runtime). This only shows which one.
  const setupNode = action(
    'setup-node',
    `name: setup-node stand-in
inputs:
  node-version: { default: '' }
  cache: { default: '' }
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "node $(node --version) at $(command -v node)"
`,
  );
  // actions/upload-artifact@v4 — copies \`path\` to $RELEASE_OPS_ACT_ARTIFACTS/<name>/, where the test
  // reads the uploaded evidence; `if-no-files-found` as the real one.
  const upload = action(
    'upload-artifact',
    `name: upload-artifact stand-in
inputs:
  name: { default: artifact }
  path: { required: true }
  if-no-files-found: { default: warn }
runs:
  using: composite
  steps:
    - shell: bash
      env:
        NAME: \${{ inputs.name }}
        FROM: \${{ inputs.path }}
        IF_NONE: \${{ inputs.if-no-files-found }}
      run: |
        if [ ! -e "$FROM" ] || [ -z "$(ls -A "$FROM" 2>/dev/null)" ]; then
          case "$IF_NONE" in
            error) echo "::error::No files were found with the provided path: $FROM"; exit 1 ;;
            warn) echo "::warning::No files were found with the provided path: $FROM" ;;
          esac
          exit 0
        fi
        mkdir -p "$RELEASE_OPS_ACT_ARTIFACTS/$NAME"
        cp -R "$FROM"/. "$RELEASE_OPS_ACT_ARTIFACTS/$NAME/"
        echo "uploaded $NAME"
`,
  );
  // gh — the GitHub CLI that GitHub's runners have: the calls the workflows make (release view,
  // release create, api), sent to $GITHUB_API_URL with $GH_TOKEN; --jq through jq.
  const bin = path.join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'gh'), GH_STAND_IN);
  chmodSync(path.join(bin, 'gh'), 0o755);
  // nohup — act runs each step on a pseudo-terminal and hangs it up when the step ends (GitHub's
  // runners give a step no terminal). Node resets SIGHUP to its default at start-up, so the real
  // nohup cannot keep a node program — the drill service the jobs start — alive past its step under
  // act. This one starts the command in a session of its own, where no hangup reaches it.
  writeFileSync(path.join(bin, 'nohup'), '#!/bin/sh\nexec setsid "$@"\n');
  chmodSync(path.join(bin, 'nohup'), 0o755);
  // npm — `npm ci` in a job whose lockfile is this repository's copies (as hard links) the
  // node_modules this test run already has (the same lockfile: the same packages) instead of
  // installing them again in each of the workflows' jobs, about 30 s each; any other npm command, or
  // another lockfile, is the real npm.
  const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    path.join(bin, 'npm'),
    [
      '#!/bin/sh',
      `if [ "$1" = ci ] && cmp -s package-lock.json ${JSON.stringify(path.join(REPO_ROOT, 'package-lock.json'))}; then`,
      // a copy made of hard links (a real directory, so bundles name the same paths as after
      // `npm ci`); where that cannot be made (another file system), the real npm ci
      '  rm -rf node_modules',
      `  if cp -al ${JSON.stringify(path.join(REPO_ROOT, 'node_modules'))} node_modules 2>/dev/null; then`,
      '    echo "npm ci: node_modules hard-linked from the test run (same lockfile)"',
      '    exit 0',
      '  fi',
      '  rm -rf node_modules',
      'fi',
      `exec ${JSON.stringify(realNpm || 'npm')} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'npm'), 0o755);
  return {
    bin,
    localRepositories: [
      `actions/checkout@v4=${checkout}`,
      `actions/setup-node@v4=${setupNode}`,
      `actions/upload-artifact@v4=${upload}`,
    ],
  };
}

const GH_STAND_IN = `#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
const args = process.argv.slice(2);
const flags = {};
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a.startsWith('--')) {
    const [k, v] = a.slice(2).split('=');
    if (v !== undefined) flags[k] = v;
    else if (['verify-tag', 'prerelease', 'generate-notes', 'draft', 'latest'].includes(k)) flags[k] = true;
    else flags[k] = args[++i];
  } else rest.push(a);
}
const repo = flags.repo ?? process.env.GH_REPO ?? process.env.GITHUB_REPOSITORY;
const api = process.env.GITHUB_API_URL;
const token = process.env.GH_TOKEN ?? process.env.GITHUB_TOKEN;
if (!api || !token) fail('gh stand-in: GITHUB_API_URL and GH_TOKEN are needed');
function fail(msg) {
  process.stderr.write(msg + '\\n');
  process.exit(1);
}
async function call(method, p, body) {
  const res = await fetch(api.replace(/\\/$/, '') + '/' + p.replace(/^\\//, ''), {
    method,
    headers: { authorization: 'token ' + token, accept: 'application/vnd.github+json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}
function print(value) {
  const text = JSON.stringify(value);
  if (!flags.jq) return void process.stdout.write(text + '\\n');
  const r = spawnSync('jq', ['-r', flags.jq], { input: text, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exit(r.status ?? 1);
}
const FIELDS = { tagName: 'tag_name', name: 'name', url: 'html_url', publishedAt: 'published_at', isPrerelease: 'prerelease', isDraft: 'draft', body: 'body', targetCommitish: 'target_commitish' };
const [group, cmd, arg] = rest;
if (group === 'api') {
  const r = await call('GET', cmd);
  if (r.status >= 300) fail('gh: ' + (r.json?.message ?? r.status) + ' (HTTP ' + r.status + ')');
  print(r.json);
} else if (group === 'release' && cmd === 'view') {
  const r = await call('GET', 'repos/' + repo + '/releases/' + (arg ? 'tags/' + encodeURIComponent(arg) : 'latest'));
  if (r.status === 404) fail('release not found');
  if (r.status >= 300) fail('gh: HTTP ' + r.status);
  if (!flags.json) process.stdout.write(r.json.tag_name + '\\n' + (r.json.body ?? '') + '\\n');
  else print(Object.fromEntries(flags.json.split(',').map((f) => [f, r.json[FIELDS[f] ?? f]])));
} else if (group === 'release' && cmd === 'create') {
  if (flags['verify-tag']) {
    const t = await call('GET', 'repos/' + repo + '/git/ref/tags/' + arg);
    if (t.status !== 200) fail('tag ' + arg + ' doesn\\'t exist in the remote repository');
  }
  let body = flags.notes ?? '';
  if (flags['generate-notes']) {
    const n = await call('POST', 'repos/' + repo + '/releases/generate-notes', { tag_name: arg });
    if (n.status >= 300) fail('gh: generate-notes HTTP ' + n.status);
    body = n.json.body;
  }
  const r = await call('POST', 'repos/' + repo + '/releases', {
    tag_name: arg,
    name: flags.title ?? arg,
    body,
    prerelease: !!flags.prerelease,
    draft: !!flags.draft,
  });
  if (r.status >= 300) fail('gh: ' + (r.json?.message ?? '') + ' (HTTP ' + r.status + ')');
  process.stdout.write(r.json.html_url + '\\n');
} else fail('gh stand-in: unsupported: gh ' + args.join(' '));
`;

function originOf(dir: string): string {
  try {
    return git(dir, 'remote', 'get-url', 'origin');
  } catch {
    return '';
  }
}

/** The job ids act finds in a workflow (`act --list`), running nothing. */
export function listJobs(cwd: string, workflow: string, t: Tools): string[] {
  const out = execFileSync(t.act, ['--list', '-W', workflow, '-P', 'ubuntu-latest=-self-hosted'], {
    cwd,
    encoding: 'utf8',
    env: { ...baseEnv(), ACT_DISABLE_VERSION_CHECK: '1' },
  });
  // Stage  Job ID  Job name  Workflow name  Workflow file  Events
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s{2,}/)[1])
    .filter((id): id is string => Boolean(id));
}

/** One entry of act's `--json` log. */
export interface ActLogEntry {
  msg: string;
  jobID?: string;
  stepID?: string[];
  stage?: string;
  step?: string;
  stepResult?: string;
  jobResult?: string;
  command?: string;
  name?: string;
  arg?: string;
  content?: string;
  raw_output?: boolean;
  level?: string;
}

export interface ActRun {
  code: number | null;
  entries: ActLogEntry[];
  /** act's log as text (the `msg` of every entry): what a person would read. */
  text: string;
  /** Each job's result: success, failure, skipped (a job act did not start is absent). */
  jobs: Record<string, string>;
  /** The main-stage result of each step of a job, by step id (or index). */
  steps(job: string): Record<string, string>;
  /** The results of the steps of a composite action a step ran, by their ids. */
  compositeSteps(job: string, step: string): Record<string, string>;
  /** The outputs a step set. */
  outputs(job: string, step: string): Record<string, string>;
  /** What a job's steps wrote to the job summary. */
  summary(job: string): string;
  /** The lines a step printed. */
  log(job: string, step: string): string;
}

export interface ActOptions {
  /** The act working directory: the repository act copies into each job's workspace. */
  cwd: string;
  /** Workflow file, relative to cwd. */
  workflow: string;
  /** Event name: workflow_dispatch, pull_request, push, schedule. */
  event: string;
  /** The event payload (inputs of a workflow_dispatch go in `inputs`). */
  payload?: Record<string, unknown>;
  emu: Emulator;
  token: string;
  secrets?: Record<string, string>;
  env?: Record<string, string>;
  /** Scratch space of the test: stand-ins, act's cache and job workspaces, artifacts. */
  scratch: string;
  tools: Tools;
  /** The workflow starts no drill service, so it may run beside one that does (default false). */
  noDrill?: boolean;
  /** More `--local-repository owner/repo@ref=DIR` mappings (an action under test, say). */
  localRepositories?: string[];
  /** Copy files .gitignore excludes into the job's workspace too (act's --use-gitignore=false). */
  copyIgnored?: boolean;
  /** Called with each entry as act logs it. */
  onEntry?: (entry: ActLogEntry) => void;
}

const stepKey = (e: ActLogEntry) => (e.stepID ?? []).join('/');

/**
 * The environment act starts with (and the steps inherit): this process's, without what belongs to
 * jest, to the npm script running it, or to an outer GitHub Actions runner.
 */
function baseEnv(): Record<string, string> {
  const drop =
    /^(NODE_OPTIONS|JEST_WORKER_ID|INIT_CWD|CI|FORCE_COLOR|COLOR|npm_.*|GITHUB_.*|RUNNER_.*|ACTIONS_.*)$/i;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !drop.test(k)) env[k] = v;
  return env;
}

export async function runAct(opts: ActOptions): Promise<ActRun> {
  const marker = randomUUID();
  const standIns = writeStandIns(path.join(opts.scratch, 'stand-ins'));
  const eventFile = path.join(opts.scratch, `event-${marker}.json`);
  writeFileSync(eventFile, JSON.stringify(opts.payload ?? {}));
  const unlock = opts.noDrill ? () => undefined : await lockDrillPort();
  try {
    if (!opts.noDrill) await expectPortFree(DRILL_PORT);
    return await runLocked(opts, standIns, eventFile, marker);
  } finally {
    unlock();
  }
}

async function runLocked(
  opts: ActOptions,
  standIns: ReturnType<typeof writeStandIns>,
  eventFile: string,
  marker: string,
): Promise<ActRun> {
  const args = [
    opts.event,
    ...(opts.copyIgnored ? ['--use-gitignore=false'] : []),
    '-W',
    opts.workflow,
    '-e',
    eventFile,
    '-P',
    'ubuntu-latest=-self-hosted',
    '--no-cache-server',
    '--json',
    '--verbose', // skipped jobs and steps are reported at debug level only
    '--action-cache-path',
    path.join(opts.scratch, 'act-cache'),
    '--env',
    `GITHUB_API_URL=${opts.emu.url}`,
    '--env',
    `GITHUB_SERVER_URL=${opts.emu.url}`,
    '--env',
    `GITHUB_REPOSITORY=${opts.emu.owner}/${opts.emu.repo}`,
    ...Object.entries(opts.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    '-s',
    `GITHUB_TOKEN=${opts.token}`,
    ...Object.entries(opts.secrets ?? {}).flatMap(([k, v]) => ['-s', `${k}=${v}`]),
    ...[...standIns.localRepositories, ...(opts.localRepositories ?? [])].flatMap((r) => [
      '--local-repository',
      r,
    ]),
  ];
  const env = {
    ...baseEnv(),
    PATH: [standIns.bin, path.dirname(opts.tools.node), process.env.PATH].join(path.delimiter),
    ACT_DISABLE_VERSION_CHECK: '1',
    RELEASE_OPS_ACT_RUN: marker,
    RELEASE_OPS_ACT_ORIGIN: originOf(opts.cwd),
    RELEASE_OPS_ACT_ARTIFACTS: path.join(opts.scratch, 'artifacts'),
  };
  const entries: ActLogEntry[] = [];
  const child = spawn(opts.tools.act, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let partial = '';
  const take = (d: string) => {
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        const e = JSON.parse(line) as ActLogEntry;
        if (e.level === 'debug' && !e.jobResult && !e.stepResult) continue;
        entries.push(e);
        opts.onEntry?.(e);
      } catch {
        // not a log entry
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  take('\n');
  await endLeftovers(marker);

  const jobs: Record<string, string> = {};
  for (const e of entries) if (e.jobID && e.jobResult) jobs[e.jobID] = e.jobResult;
  const of = (job: string) => entries.filter((e) => e.jobID === job);
  return {
    code,
    entries,
    text: entries
      .filter((e) => e.level !== 'debug')
      .map((e) => e.msg)
      .join('\n'),
    jobs,
    steps(job) {
      const out: Record<string, string> = {};
      for (const e of of(job))
        if (e.stage === 'Main' && e.stepResult && e.stepID?.length === 1) out[e.stepID[0]!] = e.stepResult;
      return out;
    },
    compositeSteps(job, step) {
      const out: Record<string, string> = {};
      for (const e of of(job))
        if (e.stage === 'Main' && e.stepResult && e.stepID?.length === 2 && e.stepID[0] === step)
          out[e.stepID[1]!] = e.stepResult;
      return out;
    },
    outputs(job, step) {
      const out: Record<string, string> = {};
      for (const e of of(job))
        if (e.command === 'set-output' && stepKey(e).split('/')[0] === step) out[e.name!] = e.arg ?? '';
      return out;
    },
    summary(job) {
      return of(job)
        .filter((e) => e.command === 'summary')
        .map((e) => e.content ?? '')
        .join('');
    },
    log(job, step) {
      return of(job)
        .filter((e) => e.raw_output && stepKey(e).split('/')[0] === step)
        .map((e) => e.msg)
        .join('');
    },
  };
}

/**
 * The drill's port is the machine's, not this suite's: runs that start the drill take a lock first,
 * so two test runs on one machine (two jest workers, two people) take turns instead of colliding.
 * The lock is a directory holding its owner's pid; a lock whose owner is gone is taken over.
 */
async function lockDrillPort(): Promise<() => void> {
  const dir = os.tmpdir();
  const lock = path.join(dir, `release-ops-drill-${DRILL_PORT}.lock`);
  const owner = path.join(lock, 'pid');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(owner, 'utf8'));
    } catch {
      // being created
    }
    if (holder && !existsSync(`/proc/${holder}`)) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    // wait for the lock to go (an event in the folder); look again after a while in any case, for
    // an owner that died without removing it
    await new Promise<void>((resolve) => {
      const watcher = watch(dir, () => done());
      const timer = setTimeout(() => done(), 2000);
      function done() {
        watcher.close();
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/**
 * Waits until the port can be bound: the connections of a drill ended a moment ago may hold it for a
 * little while after its process is gone.
 */
async function expectPortFree(port: number): Promise<void> {
  const bindable = () =>
    new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
  const deadline = Date.now() + 60_000;
  while (!(await bindable())) {
    if (Date.now() > deadline)
      throw new Error(
        `127.0.0.1:${port} is in use (${listeners(port).join('; ') || 'by no process: sockets closing'}): the workflows start their drill service there`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The processes listening on a TCP port, as "pid command line". */
function listeners(port: number): string[] {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[1]?.endsWith(hex) && f[3] === '0A') inodes.add(f[9]!);
    }
  }
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const fds = readdirSync(`/proc/${pid}/fd`);
      if (
        fds.some((fd) =>
          inodes.has(/socket:\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''),
        )
      )
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()}`);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Processes whose environment carries the run's marker: what the run's steps left running. */
function leftovers(marker: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').includes(`RELEASE_OPS_ACT_RUN=${marker}\0`))
        pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
};

/**
 * Ends what a run left behind — on GitHub each job's machine goes away; here the drill service a job
 * started in the background would outlive act — and waits until each of those processes is gone.
 */
async function endLeftovers(marker: string): Promise<void> {
  const pids = leftovers(marker);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.filter(alive).join(' ')} did not end`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
