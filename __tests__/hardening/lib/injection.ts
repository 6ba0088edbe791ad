/**
 * Injection: inputs and config values carrying `$(…)`, backticks, `;`, `|`, newlines and `${{ }}` reach
 * programs, git, GitHub, messages and logs — and never execute anything. Every payload names a canary
 * file by its absolute path; the file must never appear. Where a value is passed on, it must arrive
 * verbatim (one argument, not split, not expanded), or be refused with a clear error.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { processRunner } from '../../../src/adapters/process.js';
import { ConfigError } from '../../../src/errors.js';
import { tagNameProblem } from '../../../src/ledger/identity.js';
import type { GitHubPort } from '../../../src/ports/index.js';
import { openRevertPullRequest } from '../../../src/rollback/revert.js';
import { runBundle } from '../../helpers/run-bundle.js';
import type { Case } from './cases.js';
import { bounded, Violations } from './expect.js';
import {
  flow,
  NODE,
  openWorld,
  port,
  runInProcess,
  runnerEnv,
  TOKEN,
  workspace,
  type InProcessRun,
} from './world.js';

const execFileAsync = promisify(execFile);

/** Shell and expression payloads aimed at `canary` (an absolute path). */
export function payloads(canary: string): string[] {
  return [
    `$(touch ${canary})`,
    `\`touch ${canary}\``,
    `; touch ${canary}`,
    `&& touch ${canary} #`,
    `| touch ${canary}`,
    `'; touch ${canary}; '`,
    `"; touch ${canary}; "`,
    `$(touch\${IFS}${canary})`,
    `\${{ github.token }}$(touch ${canary})`,
    `x\ntouch ${canary}\n`,
    `x\n::error::INJECTED $(touch ${canary})`,
  ];
}
/** Payloads without spaces or line breaks: they fit in a URL, a git ref name, a tag. */
export function tightPayloads(canary: string): string[] {
  // `$IFS` rather than `${IFS}`: `${NAME}` is release-ops' own env expansion in URLs and headers.
  return [`$(touch$IFS${canary})`, `\`touch$IFS${canary}\``, `;touch$IFS${canary};`, `|touch$IFS${canary}`];
}

export interface InjectionTally {
  attempts: number;
  fired: number;
}

/** A program that records its arguments and RELEASE_OPS_* variables, one JSON line per call. */
function recorder(dir: string): {
  argv: (...args: string[]) => string[];
  calls: () => { argv: string[]; env: Record<string, string> }[];
} {
  const file = path.join(dir, 'calls.jsonl');
  const script = path.join(dir, 'record.cjs');
  writeFileSync(
    script,
    `const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('RELEASE_OPS_') || k === 'EVIL_ENV'));
require('node:fs').appendFileSync(${JSON.stringify(file)}, JSON.stringify({ argv: process.argv.slice(2), env }) + '\\n');
process.exit(process.argv.includes('--fail') ? 1 : 0);\n`,
  );
  return {
    argv: (...args) => [NODE, script, ...args],
    calls: () =>
      existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [],
  };
}

async function webhookRecorder(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let b = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (b += d));
    req.on('end', () => {
      bodies.push(b);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T9/B9/inj-hook`,
    bodies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A refusal is a clear ConfigError; anything else that fails must not be an internal error. */
function refusedOrRan(r: InProcessRun): 'refused' | 'ran' | 'crashed' {
  if (r.error instanceof ConfigError) return 'refused';
  if (
    r.error !== undefined &&
    !(r.error instanceof Error && ['ExternalError', 'CancelledError'].includes(r.error.name))
  )
    return 'crashed';
  return 'ran';
}

function tallyCase(
  id: string,
  action: Case['action'],
  fault: string,
  expected: string,
  tally: InjectionTally,
  body: (canary: string, v: Violations) => Promise<number>,
): Case {
  return {
    id,
    action,
    fault,
    expected,
    async run() {
      const dir = workspace('ro-inj-');
      const canary = path.join(dir, 'PWNED');
      const v = new Violations();
      const attempts = await bounded(60_000, id, () => body(canary, v));
      tally.attempts += attempts;
      if (existsSync(canary)) {
        tally.fired += 1;
        v.ok(false, `the canary file ${canary} appeared: a payload executed`);
      }
      return v.list;
    },
  };
}

export function injectionCases(tally: InjectionTally): Case[] {
  return [
    tallyCase(
      'canary-promote/inject-tag-into-deploy-argv',
      'canary-promote',
      'input tag (and previous-tag) carrying shell and expression payloads → {tag} in the deploy program, {previous_tag} in the rollback program',
      'each value reaches the program as one argument, verbatim, and as RELEASE_OPS_TAG; or is refused (a line break) with a ConfigError; nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        const rec = recorder(dir);
        let n = 0;
        for (const p of payloads(canary)) {
          n++;
          mkdirSync(path.join(dir, '.github'), { recursive: true });
          writeFileSync(
            path.join(dir, '.github/release-ops.yml'),
            [
              'canary:',
              `  deploy: ${flow(rec.argv('deploy', '--tag', '{tag}', '--w={weight}', '--fail'))}`,
              `  rollback: ${flow(rec.argv('rollback', '{previous_tag}', '{to_tag}'))}`,
              '  steps: [{ weight: 100 }]',
              '',
            ].join('\n'),
          );
          const before = rec.calls().length;
          const r = await runInProcess('canary', {
            inputs: { tag: p, 'previous-tag': p },
            cwd: dir,
            gh: null,
          });
          const outcome = refusedOrRan(r);
          const calls = rec.calls().slice(before);
          if (outcome === 'crashed') v.ok(false, `payload ${JSON.stringify(p)}: ${String(r.error)}`);
          else if (outcome === 'refused') {
            // a value no git ref can hold (or a line break) is refused before anything runs
            v.ok(
              /[\n\r]/.test(p) || tagNameProblem(p) !== null,
              `payload ${JSON.stringify(p)} refused: ${String(r.error)}`,
            );
            v.eq(`program runs for refused ${JSON.stringify(p)}`, calls.length, 0);
          } else {
            v.eq(`deploy argv for ${JSON.stringify(p)}`, calls[0]?.argv, [
              'deploy',
              '--tag',
              p,
              '--w=100',
              '--fail',
            ]);
            v.eq(`RELEASE_OPS_TAG for ${JSON.stringify(p)}`, calls[0]?.env.RELEASE_OPS_TAG, p);
            v.eq(`rollback argv for ${JSON.stringify(p)}`, calls[1]?.argv, ['rollback', p, p]);
          }
        }
        return n;
      },
    ),
    tallyCase(
      'canary-promote/inject-message-templates',
      'canary-promote',
      'config templates and input environment carrying payloads; the messages go to a webhook',
      'the webhook receives the text verbatim inside JSON; nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        const hook = await webhookRecorder();
        try {
          let n = 0;
          for (const p of payloads(canary).filter((x) => !/\n/.test(x))) {
            n++;
            writeFileSync(
              path.join(dir, '.github/release-ops.yml'),
              [
                'canary:',
                `  deploy: ${flow([NODE, '-e', '0'])}`,
                '  steps: [{ weight: 100 }]',
                '  templates:',
                `    start: ${JSON.stringify(`{service} {tag} {environment} ${p}`)}`,
                '',
              ].join('\n'),
            );
            hook.bodies.length = 0;
            const r = await runInProcess('canary', {
              inputs: { tag: 'v1.1.0', environment: p, 'webhook-url': hook.url },
              cwd: dir,
              gh: null,
            });
            v.eq(`result for ${JSON.stringify(p)}`, r.outcome?.outputs.result, 'promoted');
            const start = hook.bodies.map((b) => JSON.parse(b) as { text: string })[0]?.text;
            v.eq(`start message for ${JSON.stringify(p)}`, start, `${path.basename(dir)} v1.1.0 ${p} ${p}`);
          }
          return n;
        } finally {
          await hook.close();
        }
      },
    ),
    tallyCase(
      'readiness-gate/inject-command-check-args-and-env',
      'readiness-gate',
      'a command check (no shell: true) whose arguments and env values carry payloads, and an env value expanded from ${EVIL}',
      'arguments arrive verbatim, one each; ${EVIL} expands to the text, which runs nothing; the check passes; nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        const rec = recorder(dir);
        const ps = payloads(canary);
        writeFileSync(
          path.join(dir, '.github/release-ops.yml'),
          [
            'gate:',
            '  checks:',
            `    - { name: args, type: command, run: ${flow(rec.argv(...ps))}, env: { EVIL_ENV: "\${EVIL}" } }`,
            `    - { name: literal, type: command, run: ${flow(rec.argv('${EVIL}', '$EVIL'))} }`,
            '',
          ].join('\n'),
        );
        const r = await runInProcess('gate', { inputs: {}, env: { EVIL: ps[0]! }, cwd: dir, gh: null });
        v.eq('result', r.outcome?.outputs.result, 'PASS');
        const calls = rec.calls();
        const args = calls.find((c) => c.argv.length === ps.length);
        v.eq('arguments', args?.argv, ps);
        v.eq('EVIL_ENV (expanded from ${EVIL})', args?.env.EVIL_ENV, ps[0]);
        v.eq('arguments are never expanded', calls.find((c) => c.argv.length === 2)?.argv, [
          '${EVIL}',
          '$EVIL',
        ]);
        return ps.length + 2;
      },
    ),
    tallyCase(
      'readiness-gate/inject-http-check-url-and-headers',
      'readiness-gate',
      'an http check whose URL query and header values carry payloads (literal and from ${EVIL})',
      'the request is sent with the text as is; nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
        const server = http.createServer((req, res) => {
          seen.push({ url: req.url ?? '', headers: req.headers });
          res.end('{"status":"ok"}');
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        try {
          const ps = tightPayloads(canary);
          writeFileSync(
            path.join(dir, '.github/release-ops.yml'),
            [
              'gate:',
              '  checks:',
              ...ps.map(
                (p, i) =>
                  `    - { name: h${i}, type: http, url: ${JSON.stringify(`${base}/health?q=${p}`)}, headers: { X-Evil: ${JSON.stringify(p)}, X-Env: "\${EVIL}" } }`,
              ),
              '',
            ].join('\n'),
          );
          const r = await runInProcess('gate', { inputs: {}, env: { EVIL: ps[0]! }, cwd: dir, gh: null });
          v.eq('result', r.outcome?.outputs.result, 'PASS');
          v.eq('requests', seen.length, ps.length);
          for (const p of ps)
            v.ok(
              seen.some((s) => s.headers['x-evil'] === p && s.headers['x-env'] === ps[0]),
              `header X-Evil ${JSON.stringify(p)} not received verbatim`,
            );
          return ps.length * 3;
        } finally {
          await new Promise<void>((r) => server.close(() => r()));
        }
      },
    ),
    tallyCase(
      'auto-rollback/inject-from-to-into-program-argv',
      'auto-rollback',
      'inputs from and to (no token: both named) carrying payloads → {from_tag} and {to_tag} in rollback.run',
      'one argument each, verbatim, and RELEASE_OPS_FROM_TAG / RELEASE_OPS_TO_TAG; a line break is refused with a ConfigError; nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        const rec = recorder(dir);
        writeFileSync(
          path.join(dir, '.github/release-ops.yml'),
          ['rollback:', `  run: ${flow(rec.argv('--to', '{to_tag}', '--from={from_tag}'))}`, ''].join('\n'),
        );
        let n = 0;
        for (const p of payloads(canary)) {
          n++;
          const before = rec.calls().length;
          const r = await runInProcess('rollback', {
            inputs: { from: `v1.1.0${p}`, to: p, reason: p },
            cwd: dir,
            gh: null,
          });
          const outcome = refusedOrRan(r);
          if (outcome === 'crashed') v.ok(false, `payload ${JSON.stringify(p)}: ${String(r.error)}`);
          else if (outcome === 'refused') {
            // a value no git ref can hold (or a line break) is refused before anything runs
            v.ok(
              /[\n\r]/.test(p) || tagNameProblem(`v1.1.0${p}`) !== null || tagNameProblem(p) !== null,
              `payload ${JSON.stringify(p)} refused: ${String(r.error)}`,
            );
            v.eq(`program runs for refused ${JSON.stringify(p)}`, rec.calls().length - before, 0);
          } else {
            const call = rec.calls()[before];
            v.eq(`argv for ${JSON.stringify(p)}`, call?.argv, ['--to', p, `--from=v1.1.0${p}`]);
            v.eq(`RELEASE_OPS_TO_TAG for ${JSON.stringify(p)}`, call?.env.RELEASE_OPS_TO_TAG, p);
            v.eq(`reason output for ${JSON.stringify(p)}`, r.outcome?.outputs.reason, p);
          }
        }
        return n;
      },
    ),
    tallyCase(
      'auto-rollback/inject-reason-into-github-and-log',
      'auto-rollback',
      'input reason carrying payloads, line breaks and `::error::` (the bundle, with GitHub): incident, banner, comments, message, log',
      'the text lands in the incident and the banner as one line; the log carries no injected workflow command; nothing executes',
      tally,
      async (canary, v) => {
        const w = await openWorld('auto-rollback');
        const hook = await webhookRecorder();
        try {
          w.writeConfig('rollback:\n  incident: { labels: [incident] }\n');
          const reason = payloads(canary).join(' ');
          const r = await runBundle('auto-rollback', {
            cwd: w.dir,
            inputs: { from: 'v1.1.0', reason, 'github-token': TOKEN, 'webhook-url': hook.url },
            env: runnerEnv(w.emu),
            timeoutMs: 30_000,
          });
          v.eq('exit code', r.exitCode, 0);
          v.eq('result', r.outputs.result, 'rolled-back');
          // eslint-disable-next-line no-control-regex -- control characters are what it looks for
          const flat = reason.replace(/[\u0000-\u001f]+/g, ' ');
          v.eq('reason output (one line)', r.outputs.reason, flat);
          const injected = r.commands.filter((c) => /INJECTED/.test(c.message));
          v.eq(
            'workflow commands injected through the log',
            injected.map((c) => c.command),
            [],
          );
          const issue = w.emu.state.issues.find((i) => i.labels.includes('incident'));
          v.ok(issue?.body?.includes(`$(touch ${canary})`), 'the incident quotes the reason');
          const text = hook.bodies.map((b) => (JSON.parse(b) as { text: string }).text).join('\n');
          v.ok(text.includes(`\`touch ${canary}\``), 'the message quotes the reason verbatim');
          return payloads(canary).length;
        } finally {
          await hook.close();
          await w.close();
        }
      },
    ),
    tallyCase(
      'auto-rollback/inject-git-revert-branch',
      'auto-rollback',
      'strategy revert-commit on a release whose tag name carries `$(…)`, backticks and `;` (valid git ref names): git fetch, rev-list, worktree, push; branch revert/<tag>',
      'git gets each name as one argument; the branch revert/<tag> is pushed verbatim and the pull request opened; nothing executes',
      tally,
      async (canary, v) => {
        const w = await openWorld('auto-rollback');
        try {
          const tags = tightPayloads(canary).map((p) => `v1.1.0-${p}`);
          // git runs asynchronously: a synchronous one would hold up every other case of the pool
          const git = async (cwd: string, ...args: string[]) =>
            (
              await execFileAsync(
                'git',
                [
                  '-c',
                  'user.name=dev',
                  '-c',
                  'user.email=dev@example.test',
                  '-c',
                  'init.defaultBranch=main',
                  ...args,
                ],
                { cwd, encoding: 'utf8' },
              )
            ).stdout.trim();
          const remote = path.join(w.dir, 'remote.git');
          const work = path.join(w.dir, 'work');
          await git(w.dir, 'init', '--bare', '-q', remote);
          mkdirSync(work);
          await git(work, 'init', '-q');
          await git(work, 'remote', 'add', 'origin', remote);
          writeFileSync(path.join(work, 'app.txt'), 'v1\n');
          await git(work, 'add', '.');
          await git(work, 'commit', '-q', '-m', 'v1.0.0');
          await git(work, 'tag', 'v1.0.0');
          let n = 0;
          for (const [i, tag] of tags.entries()) {
            writeFileSync(path.join(work, `f${i}.txt`), `${i}\n`);
            await git(work, 'add', '.');
            await git(work, 'commit', '-q', '-m', `change ${i}`);
            await git(work, 'tag', tag);
          }
          await git(work, 'push', '-q', 'origin', 'main', '--tags');
          const gh = await port(w.emu.url);
          // Pushing a branch to GitHub makes it exist there: mirror it into the emulator before the pull request.
          const mirrored = new Proxy(gh, {
            get(t, k, recv) {
              if (k === 'createPullRequest')
                return async (input: Parameters<GitHubPort['createPullRequest']>[0]) => {
                  if (!w.emu.state.refs.has(`refs/heads/${input.head}`))
                    w.emu.seed.commit(`pushed ${input.head}`, { branch: input.head });
                  return t.createPullRequest(input);
                };
              const val = Reflect.get(t, k, recv);
              return typeof val === 'function' ? val.bind(t) : val;
            },
          }) as GitHubPort;
          for (const tag of tags) {
            n++;
            const out = await openRevertPullRequest(mirrored, processRunner, {
              fromTag: tag,
              toTag: tags[tags.indexOf(tag) - 1] ?? 'v1.0.0',
              dir: work,
              remote: 'origin',
              reason: `bad ${tag}`,
            });
            v.eq(`branch for ${JSON.stringify(tag)}`, out.branch, `revert/${tag}`);
            v.ok(
              (await git(remote, 'branch', '--list', `revert/${tag}`)).includes(tag),
              `revert/${tag} was not pushed verbatim`,
            );
          }
          return n;
        } finally {
          await w.close();
        }
      },
    ),
    tallyCase(
      'config/inject-git-remote-option',
      'config',
      'rollback.revert.remote: "--upload-pack=touch <canary>;" (git would run it as a command)',
      'refused when the config is loaded (ConfigError on that line); nothing executes',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        writeFileSync(
          path.join(dir, '.github/release-ops.yml'),
          `rollback:\n  strategy: revert-commit\n  revert: { remote: ${JSON.stringify(`--upload-pack=touch ${canary};`)} }\n`,
        );
        const r = await runInProcess('rollback', {
          inputs: { from: 'v1.1.0', to: 'v1.0.0' },
          cwd: dir,
          gh: null,
        });
        v.ok(
          r.error instanceof ConfigError,
          `expected a ConfigError, got ${String(r.error ?? r.outcome?.outputs.result)}`,
        );
        v.match(
          'message',
          (r.error as Error | undefined)?.message,
          /release-ops\.yml:3:\d+ rollback\.revert\.remote: a git remote cannot start with "-"/,
        );
        return 1;
      },
    ),
    tallyCase(
      'rc-to-ga/inject-rc-tag-and-release-name',
      'rc-to-ga',
      'input rc-tag carrying payloads; config promote.name carrying payloads (the GA title)',
      'a payload rc-tag is refused (not a version: ConfigError); the GA release is titled with the text verbatim; nothing executes',
      tally,
      async (canary, v) => {
        const w = await openWorld('rc-to-ga');
        try {
          let n = 0;
          for (const p of payloads(canary)) {
            n++;
            w.writeConfig(`promote:\n  name: ${JSON.stringify(`Shop {tag} ${p.replace(/\n/g, ' ')}`)}\n`);
            const bad = await runInProcess('promote', {
              inputs: { 'rc-tag': `v1.0.0-rc1${p}`, 'github-token': TOKEN },
              env: runnerEnv(w.emu),
              cwd: w.dir,
              gh: await port(w.emu.url),
              token: TOKEN,
            });
            v.ok(
              bad.error instanceof ConfigError,
              `rc-tag ${JSON.stringify(p)}: expected a ConfigError, got ${String(bad.error ?? bad.outcome?.outputs['ga-tag'])}`,
            );
          }
          const p = payloads(canary)[0]!;
          w.writeConfig(`promote:\n  name: ${JSON.stringify(`Shop {tag} ${p}`)}\n`);
          const ok = await runInProcess('promote', {
            inputs: { 'rc-tag': 'v1.0.0-rc1', 'github-token': TOKEN },
            env: runnerEnv(w.emu),
            cwd: w.dir,
            gh: await port(w.emu.url),
            token: TOKEN,
          });
          v.eq('promotion', ok.outcome?.outputs.changed, 'true');
          v.eq(
            'GA title',
            w.emu.state.releases.find((r) => r.tag_name === 'v1.0.0' && !r.draft)?.name,
            `Shop v1.0.0 ${p}`,
          );
          return n + 1;
        } finally {
          await w.close();
        }
      },
    ),
    tallyCase(
      'cli/inject-hotfix-from',
      'cli',
      'release-ops hotfix --from carrying payloads (the branch name is built from it)',
      'refused: not a version tag (exit 2, a clear message); no branch; nothing executes',
      tally,
      async (canary, v) => {
        const w = await openWorld('auto-rollback');
        try {
          const { cli } = await import('../../../src/cli/main.js');
          let n = 0;
          for (const p of payloads(canary)) {
            n++;
            let err = '';
            const code = await cli({
              argv: ['hotfix', '--from', `v1.1.0${p}`],
              env: {
                PATH: process.env.PATH,
                GITHUB_TOKEN: TOKEN,
                GITHUB_REPOSITORY: 'acme/shop',
                GITHUB_API_URL: w.emu.url,
                OPS_ARTIFACTS_DIR: path.join(w.dir, 'a'),
              },
              cwd: w.dir,
              stdout: () => undefined,
              stderr: (s) => (err += s),
            });
            v.eq(`exit code for ${JSON.stringify(p)}`, code, 2);
            v.match(
              `message for ${JSON.stringify(p)}`,
              err,
              /input from: (.* is not a version tag|.* is not a tag name|no tag |must be a single line)/s,
            );
          }
          v.eq(
            'branches created',
            [...w.emu.state.refs.keys()].filter((r) => r.startsWith('refs/heads/hotfix')),
            [],
          );
          return n;
        } finally {
          await w.close();
        }
      },
    ),
    tallyCase(
      'canary-promote/inject-workflow-commands-via-inputs',
      'canary-promote',
      'the bundle with inputs tag, previous-tag and environment carrying `\\n::error::INJECTED` and `\\n::set-output name=result::hacked`',
      'refused before anything runs (a single-line input holds a line break: ConfigError); no injected workflow command in the log; no output spoofed',
      tally,
      async (canary, v) => {
        const dir = path.dirname(canary);
        writeFileSync(
          path.join(dir, '.github/release-ops.yml'),
          ['canary:', `  deploy: ${flow([NODE, '-e', '0'])}`, '  steps: [{ weight: 100 }]', ''].join('\n'),
        );
        let n = 0;
        for (const input of ['tag', 'previous-tag', 'environment']) {
          n++;
          const r = await runBundle('canary-promote', {
            cwd: dir,
            inputs: {
              tag: 'v1.1.0',
              'github-token': '',
              [input]: `v1\n::error::INJECTED $(touch ${canary})\n::set-output name=result::hacked`,
            },
            timeoutMs: 30_000,
          });
          v.eq(`${input}: exit code`, r.exitCode, 1);
          v.eq(
            `${input}: injected commands`,
            r.commands
              .filter((c) => /INJECTED|hacked/.test(c.message + JSON.stringify(c.properties)))
              .map((c) => c.command),
            [],
          );
          v.eq(`${input}: outputs`, r.outputs.result, undefined);
        }
        return n;
      },
    ),
  ];
}
