/**
 * Secrets across every place the gate shortens text: an HTTP check's body (60 characters: not JSON, or
 * a JSON value that is not the one expected), a failing command's last line in the detail (160) and its
 * output lines in the tail (2,000). Each secret starts at the beginning of the shortened text, straddles
 * the cut in its middle, loses only its last character or keeps only four, or starts just after the
 * cut; secrets shorter and longer than each limit. No start or end of a secret four characters or
 * longer may survive in the CLI's stdout, the job summary, the evidence or the gate's check run.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toMarkdown } from '../../../src/report/doc.js';
import type { Case } from './cases.js';
import { bounded, secretFragments, Violations } from './expect.js';
import type { SecretTally } from './secrets.js';
import { openWorld, runInProcess, runnerEnv, TOKEN, port, type World } from './world.js';

/** Deterministic, distinctive secrets: no four characters of their ends occur in any other text of a run. */
function secretOf(head: string, length: number, tail: string): string {
  const alphabet = 'cdefghkmnprstuvwxCDEFGHKMNRSTUVWX2345678';
  let x = length * 7919;
  let body = '';
  while (body.length < length - head.length - tail.length) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    body += alphabet[x % alphabet.length];
  }
  return head + body + tail;
}

export const CLIP_SECRETS = {
  CLIP_SHORT: secretOf('Qz7K', 30, 'Lg0Z'),
  CLIP_LONG: secretOf('Wv5M', 200, 'Jb9Y'),
  CLIP_HUGE: secretOf('Hj3P', 2100, 'Ao1Q'),
};
type Which = keyof typeof CLIP_SECRETS;

/** Where a secret of `length` starts, relative to text shortened to `max`: every side of the cut. */
export function offsets(max: number, length: number): number[] {
  const at = [0, max - Math.floor(length / 2), max - length, max - length + 1, max - 5, max - 2, max + 1];
  return [...new Set(at.filter((p) => p >= 0))].sort((a, b) => a - b);
}

/** `/text?at=&s=`: the secret after `at` x's, as plain text; `/json?…`: the same as the value of `status`. */
async function bodies(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const text =
      'x'.repeat(Number(u.searchParams.get('at'))) +
      CLIP_SECRETS[u.searchParams.get('s') as Which] +
      'y'.repeat(30);
    if (u.pathname === '/json')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: text }));
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The gate's config: one check per (clip, secret, offset). */
export function clipConfig(url: string): { text: string; checks: number } {
  // declared the way a user declares a variable secret whose name does not say so
  const lines = ['secret_vars: [CLIP_SHORT, CLIP_LONG, CLIP_HUGE]', 'gate:', '  concurrency: 8', '  checks:'];
  const register = 'X-Short: "${CLIP_SHORT}", X-Long: "${CLIP_LONG}", X-Huge: "${CLIP_HUGE}"';
  const env = '{ S: "${CLIP_SHORT}", L: "${CLIP_LONG}", H: "${CLIP_HUGE}" }';
  const envOf: Record<Which, string> = { CLIP_SHORT: 'S', CLIP_LONG: 'L', CLIP_HUGE: 'H' };
  for (const route of ['text', 'json'])
    for (const s of ['CLIP_SHORT', 'CLIP_LONG'] as const)
      for (const at of offsets(60, CLIP_SECRETS[s].length))
        lines.push(
          `    - { name: body-${route}-${s.slice(5).toLowerCase()}-${at}, type: http, url: "${url}/${route}?at=${at}&s=${s}", headers: { ${register} }, expect_json: [{ path: status, equals: ok }] }`,
        );
  // The detail keeps 160 characters of the last line (after `exit code 1: `); the tail 2,000 of each line.
  const command = (name: string, s: Which, at: number) =>
    `    - { name: ${name}, type: command, run: [sh, -c, "head -c ${at} /dev/zero | tr '\\\\0' a; printf '%s' \\"$${envOf[s]}\\"; echo bbbbbbbbbb; exit 1"], env: ${env} }`;
  for (const s of ['CLIP_SHORT', 'CLIP_LONG'] as const)
    for (const at of offsets(160, CLIP_SECRETS[s].length))
      lines.push(command(`detail-${s.slice(5).toLowerCase()}-${at}`, s, at));
  for (const s of ['CLIP_SHORT', 'CLIP_LONG', 'CLIP_HUGE'] as const)
    for (const at of offsets(2000, CLIP_SECRETS[s].length))
      lines.push(command(`tail-${s.slice(5).toLowerCase()}-${at}`, s, at));
  return { text: lines.join('\n') + '\n', checks: lines.length - 4 };
}

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of existsSync(dir) ? readdirSync(dir) : [])
    out[`evidence ${path.basename(dir)}/${f}`] = readFileSync(path.join(dir, f), 'utf8');
  return out;
}

/** One line of about 1 MB from a failing command, `token=<secret>` back to back: passed on in 64 KB pieces. */
export function longLineConfig(): { text: string; checks: number } {
  const lines = ['secret_vars: [CLIP_SHORT, CLIP_LONG]', 'gate:', '  checks:'];
  for (const [name, v] of [
    ['long-line-short', 'S'],
    ['long-line-long', 'L'],
  ])
    lines.push(
      `    - { name: ${name}, type: command, run: [${JSON.stringify(process.execPath)}, -e, 'process.stdout.write(("token=" + process.env.${v}).repeat(1e6 / (6 + process.env.${v}.length)) + "\\n"); process.exitCode = 1'], env: { S: "\${CLIP_SHORT}", L: "\${CLIP_LONG}" } }`,
    );
  return { text: lines.join('\n') + '\n', checks: 2 };
}

/** Runs the gate through the CLI (stdout) and the action host (job summary); scans everything it left. */
export async function clipScan(
  config: (url: string) => { text: string; checks: number } = clipConfig,
): Promise<{ texts: Record<string, string>; violations: string[] }> {
  const w: World = await openWorld('readiness-gate');
  const srv = await bodies();
  try {
    const { text, checks } = config(srv.url);
    w.writeConfig(text);
    const v = new Violations();
    const env = { ...runnerEnv(w.emu), ...CLIP_SECRETS };
    const { cli } = await import('../../../src/cli/main.js');
    let stdout = '';
    let stderr = '';
    const code = await cli({
      argv: ['gate', '--sha', w.facts.sha!],
      env: {
        PATH: process.env.PATH,
        ...env,
        GITHUB_TOKEN: TOKEN,
        OPS_ARTIFACTS_DIR: path.join(w.dir, 'cli'),
      },
      cwd: w.dir,
      stdout: (x) => (stdout += x),
      stderr: (x) => (stderr += x),
    });
    v.eq('CLI exit code', code, 1);
    const action = await runInProcess('gate', {
      inputs: { sha: w.facts.sha!, 'github-token': TOKEN },
      env: { ...env, OPS_ARTIFACTS_DIR: path.join(w.dir, 'action') },
      cwd: w.dir,
      gh: await port(w.emu.url),
      token: TOKEN,
    });
    v.eq('action error', action.error === undefined ? undefined : String(action.error), undefined);
    v.eq('action result', action.outcome?.outputs.result, 'FAIL');
    // What the action host writes to the job summary (src/actions/runtime.ts).
    const summary = action.outcome ? action.ctx.redactor.redact(toMarkdown(action.outcome.report)) : '';
    const runs = w.emu.state.checkRuns.filter((c) => c.name === 'readiness-gate');
    v.eq('gate check runs', runs.length, 2);
    const texts: Record<string, string> = {
      'cli stdout': stdout,
      'cli stderr': stderr,
      'job summary': summary,
      'action log': action.log.join('\n'),
      'check run output': JSON.stringify(runs.map((r) => r.output)),
      ...filesUnder(path.join(w.dir, 'cli')),
      ...filesUnder(path.join(w.dir, 'action')),
    };
    // Every check failed and said why (so the scan is not of empty texts).
    for (const where of ['cli stdout', 'job summary'])
      v.ok(
        ((texts[where] ?? '').match(/\| FAIL \||\bFAIL\b/g) ?? []).length >= checks,
        `${where}: not every check failed`,
      );
    v.ok(
      Object.keys(texts).filter((k) => k.startsWith('evidence ')).length === 2,
      'an evidence file is missing',
    );
    if (config === clipConfig)
      v.ok(
        /body is not JSON \(x/.test(summary) && /body status = "x/.test(summary),
        'the bodies are not in the summary',
      );
    else v.ok(/token=\*\*\*token=\*\*\*/.test(summary), 'the long line is not in the summary, masked');
    for (const [where, t] of Object.entries(texts))
      for (const [name, s] of Object.entries(CLIP_SECRETS)) {
        const found = secretFragments(t, s);
        if (found.length)
          v.list.push(
            `${where}: ${found.length} start(s)/end(s) of ${name} (${found[0]!.length} characters: ${found[0]!.slice(0, 8)}…)`,
          );
      }
    return { texts, violations: v.list };
  } finally {
    await srv.close();
    await w.close();
  }
}

export function clipCases(tally: SecretTally): Case[] {
  const count = (r: { texts: Record<string, string>; violations: string[] }) => {
    tally.scanned += Object.keys(r.texts).length;
    tally.found += r.violations.filter((x) => / start\(s\)\/end\(s\) of /.test(x)).length;
    return r.violations;
  };
  return [
    {
      id: 'readiness-gate/secrets-across-a-64kb-line:cli',
      action: 'readiness-gate',
      fault:
        'a failing command prints one line of about 1 MB, a 30- or 200-character secret back to back after token=: the line reaches the gate in 64 KB pieces',
      expected:
        'no start or end of a secret (4+ characters) in the CLI stdout, the job summary, the evidence or the check run',
      async run() {
        return count(await bounded(60_000, this.id, () => clipScan(longLineConfig)));
      },
    },
    {
      id: 'readiness-gate/secrets-clipped-at-every-boundary:cli',
      action: 'readiness-gate',
      fault:
        'secrets of 30, 200 and 2,100 characters in HTTP bodies (clipped at 60) and command output (160 in the detail, 2,000 in the tail), at the start, across and after each cut',
      expected:
        'no start or end of a secret (4+ characters) in the CLI stdout, the job summary, the evidence or the check run',
      async run() {
        return count(await bounded(60_000, this.id, () => clipScan()));
      },
    },
  ];
}
