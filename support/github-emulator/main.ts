/**
 * Runs the GitHub API emulator on its own (for the demo and manual poking):
 *
 *   tsx support/github-emulator/main.ts [seed.json] [--port N] [--owner O] [--repo R] [--immutable] [--no-auth]
 *
 * Prints the base URL alone on the first line of stdout (use it as GITHUB_API_URL), then serves
 * until SIGINT/SIGTERM. The optional seed file (JSON) describes the starting repository:
 *
 *   {
 *     "owner": "acme", "repo": "shop", "immutableReleases": false,
 *     "commits": ["feat: checkout", "fix: totals"],            // on main, oldest first
 *     "branches": [{ "name": "release/1.x", "commit": 1 }],
 *     "tags": [{ "name": "v1.0.0", "commit": 0, "annotated": true }],
 *     "releases": [{ "tag": "v1.0.0", "commit": 0, "name": "v1.0.0", "body": "…", "draft": false,
 *                    "prerelease": false, "createdAt": "2026-01-05T10:00:00Z",
 *                    "assets": [{ "name": "app.txt", "text": "hello" }, { "name": "app.bin", "base64": "AAE=" }] }],
 *     "checkRuns": [{ "commit": 1, "name": "ci", "status": "completed", "conclusion": "success" }],
 *     "statuses": [{ "commit": 1, "context": "ci/test", "state": "success" }]
 *   }
 *
 * "commit" is an index into "commits" or a sha; without it, the head of main.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  startEmulator,
  type CheckConclusion,
  type CheckStatus,
  type CommitState,
  type Emulator,
} from './index.js';

interface SeedFile {
  owner?: string;
  repo?: string;
  immutableReleases?: boolean;
  commits?: string[];
  branches?: { name: string; commit?: number | string }[];
  tags?: { name: string; commit?: number | string; annotated?: boolean; message?: string }[];
  releases?: {
    tag: string;
    commit?: number | string;
    name?: string;
    body?: string;
    draft?: boolean;
    prerelease?: boolean;
    createdAt?: string;
    publishedAt?: string;
    makeLatest?: 'true' | 'false' | 'legacy';
    assets?: { name: string; text?: string; base64?: string; contentType?: string; label?: string }[];
  }[];
  checkRuns?: {
    commit?: number | string;
    name: string;
    status?: CheckStatus;
    conclusion?: CheckConclusion;
  }[];
  statuses?: { commit?: number | string; context: string; state: CommitState; description?: string }[];
}

function readSeed(path: string): SeedFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read seed file ${path}: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`seed file ${path}: expected a JSON object`);
  }
  return parsed as SeedFile;
}

function applySeed(emu: Emulator, seed: SeedFile): void {
  const shas = (seed.commits ?? []).map((message) => emu.seed.commit(message));
  const head = (): string => emu.state.refs.get(`refs/heads/${emu.state.defaultBranch}`) as string;
  const commit = (ref: number | string | undefined, where: string): string => {
    if (ref === undefined) return head();
    if (typeof ref === 'string') return ref;
    const sha = shas[ref];
    if (!sha) throw new Error(`${where}: commit ${ref} is not in "commits" (0..${shas.length - 1})`);
    return sha;
  };
  for (const b of seed.branches ?? []) emu.seed.branch(b.name, commit(b.commit, `branch ${b.name}`));
  for (const t of seed.tags ?? []) {
    emu.seed.tag(t.name, commit(t.commit, `tag ${t.name}`), {
      ...(t.annotated !== undefined ? { annotated: t.annotated } : {}),
      ...(t.message !== undefined ? { message: t.message } : {}),
    });
  }
  for (const r of seed.releases ?? []) {
    const { commit: ref, assets, ...rest } = r;
    emu.seed.release({
      ...rest,
      sha: commit(ref, `release ${r.tag}`),
      assets: (assets ?? []).map((a) => ({
        name: a.name,
        data: a.base64 !== undefined ? Buffer.from(a.base64, 'base64') : Buffer.from(a.text ?? '', 'utf8'),
        ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
        ...(a.label !== undefined ? { label: a.label } : {}),
      })),
    });
  }
  for (const c of seed.checkRuns ?? []) {
    emu.seed.checkRun(commit(c.commit, `check run ${c.name}`), {
      name: c.name,
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.conclusion !== undefined ? { conclusion: c.conclusion } : {}),
    });
  }
  for (const s of seed.statuses ?? []) {
    emu.seed.status(commit(s.commit, `status ${s.context}`), {
      context: s.context,
      state: s.state,
      ...(s.description !== undefined ? { description: s.description } : {}),
    });
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      owner: { type: 'string' },
      repo: { type: 'string' },
      immutable: { type: 'boolean' },
      'no-auth': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: github-emulator [seed.json] [--port N] [--owner O] [--repo R] [--immutable] [--no-auth]\n',
    );
    return;
  }
  const seed = positionals[0] ? readSeed(positionals[0]) : {};
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: expected 0-65535, got ${values.port}`);
  const emu = await startEmulator({
    owner: values.owner ?? seed.owner ?? 'acme',
    repo: values.repo ?? seed.repo ?? 'shop',
    immutableReleases: values.immutable ?? seed.immutableReleases ?? false,
    requireAuth: !values['no-auth'],
    port,
  });
  applySeed(emu, seed);
  process.stdout.write(`${emu.url}\n`);
  process.stderr.write(
    `github-emulator: ${emu.owner}/${emu.repo} at ${emu.url} (SIGINT or SIGTERM to stop)\n`,
  );
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`github-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
