/**
 * GitHub requests made by `release-ops status` in a repository with a long history: 1,500 releases
 * (500 versions, each an RC1, an RC2 and the GA of RC2's commit) and 1,000 deployments in production
 * (per version a canary of RC1 that failed and one of RC2 that went live). Counted at the emulator.
 *
 * The least it can be is 5: one page of the newest deployments, the statuses of the newest one (live),
 * the latest release, one page of the newest releases (newest RC per version line, rollback banners),
 * the open incidents. Nothing may grow with the history. Target: requests ≤ 5.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../src/cli/main.js';
import { ledgerPayload } from '../src/ledger/ledger.js';
import { startEmulator, type Emulator } from '../support/github-emulator/index.js';
import type { EmulatorState } from '../support/github-emulator/state.js';
import type { DeploymentRecord, DeploymentState } from '../support/github-emulator/types.js';

export const BUDGET = 5;
const VERSIONS = 500;
const T0 = Date.UTC(2024, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface BusyRepository {
  releases: number;
  deployments: number;
  /** What must be live in production: the newest version's RC2. */
  live: { tag: string; sha: string };
}

/**
 * Seeds the history without HTTP: releases through `emu.seed`, deployments straight into the state
 * (there is no seed for them, and 1,000 through the API would take the bench's time, not status's).
 */
export function seedBusyRepository(emu: Emulator): BusyRepository {
  const state = emu.state as EmulatorState;
  let deployments = 0;
  let live = { tag: '', sha: '' };
  const deploy = (tag: string, sha: string, at: number, states: DeploymentState[]) => {
    const id = state.nextId('deployment');
    const d: DeploymentRecord = {
      id,
      sha,
      ref: sha,
      task: 'deploy',
      payload: ledgerPayload({
        kind: 'canary',
        tag,
        run_url: `https://github.com/acme/shop/actions/runs/${id}`,
        run_id: String(id),
        actor: 'release-bot',
      }),
      environment: 'production',
      original_environment: 'production',
      description: `canary ${tag}: 10% → 50% → 100%`,
      transient_environment: false,
      production_environment: true,
      created_at: iso(at),
      updated_at: iso(at),
      statuses: [],
    };
    states.forEach((s, i) =>
      d.statuses.push({
        id: state.nextId('deployment_status'),
        deployment_id: id,
        state: s,
        description: s === 'success' ? 'promoted: 100 %' : s === 'failure' ? 'aborted at step 1/3' : s,
        environment: 'production',
        target_url: '',
        log_url: '',
        environment_url: '',
        created_at: iso(at + i * 60_000),
        updated_at: iso(at + i * 60_000),
      }),
    );
    state.deployments.push(d);
    deployments++;
  };
  let previousLive: DeploymentRecord | undefined;
  for (let j = 0; j < VERSIONS; j++) {
    const at = T0 + j * 86_400_000;
    const rc1 = emu.seed.commit(`feat ${j}`, { date: new Date(at) });
    emu.seed.release({ tag: `v1.${j}.0-rc1`, sha: rc1, prerelease: true, createdAt: new Date(at) });
    deploy(`v1.${j}.0-rc1`, rc1, at + 3_600_000, ['in_progress', 'failure']);
    const rc2 = emu.seed.commit(`fix ${j}`, { date: new Date(at + 7_200_000) });
    emu.seed.release({
      tag: `v1.${j}.0-rc2`,
      sha: rc2,
      prerelease: true,
      createdAt: new Date(at + 7_200_000),
    });
    deploy(`v1.${j}.0-rc2`, rc2, at + 10_800_000, ['in_progress', 'success']);
    // What GitHub does on success: the build it replaced goes inactive.
    previousLive?.statuses.push({
      ...previousLive.statuses.at(-1)!,
      id: state.nextId('deployment_status'),
      state: 'inactive',
    });
    previousLive = state.deployments.at(-1);
    emu.seed.release({ tag: `v1.${j}.0`, sha: rc2, createdAt: new Date(at + 14_400_000) });
    live = { tag: `v1.${j}.0-rc2`, sha: rc2 };
  }
  return { releases: emu.state.releases.length, deployments, live };
}

export default async function bench(): Promise<string> {
  const emu = await startEmulator({ owner: 'acme', repo: 'shop' });
  try {
    const seeded = seedBusyRepository(emu);
    emu.resetRequests();
    let stdout = '';
    let stderr = '';
    const code = await cli({
      argv: ['status', '--json'],
      env: { GITHUB_TOKEN: 'ghs_bench', GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: emu.url },
      cwd: mkdtempSync(path.join(os.tmpdir(), 'bench-status-')),
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    const requests = emu.requests.length;
    const status =
      code === 0 ? (JSON.parse(stdout) as { environments: { tag: string; sha: string }[] }) : null;
    const production = status?.environments[0];
    if (production?.tag !== seeded.live.tag || production.sha !== seeded.live.sha)
      throw new Error(`status did not find ${seeded.live.tag} live (exit ${code}): ${stdout}${stderr}`);
    if (requests > BUDGET)
      throw new Error(
        `status made ${requests} requests (budget ${BUDGET}): ${emu.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`,
      );
    return `bench status: requests=${requests} releases=${seeded.releases} deployments=${seeded.deployments}`;
  } finally {
    await emu.close();
  }
}
