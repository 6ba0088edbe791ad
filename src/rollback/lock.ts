/**
 * The rollback lock: the idempotency key that makes two runs at once act once, while a re-run after a
 * crash can still take over. All of it lives in git refs, created atomically by GitHub:
 *
 *   refs/release-ops/rollback/<from_tag>/owner-<startedAtMs>-<runKey>-<nonce>   one per contender (who, since when)
 *   refs/release-ops/rollback/<from_tag>/lock-<generation>              the lock; points at its owner's object
 *
 * Each contender first creates an owner ref pointing at a tag object of its own (a unique sha), then
 * creates `lock-1`. createRef fails with 422 for the loser, which reads who holds the lock and stops
 * ("another run is handling this"). A held lock is taken over — by creating `lock-<g+1>`, again
 * atomically, so two taking over at once still yield one winner — when its owner is the same workflow
 * run (GitHub's "re-run jobs" keeps GITHUB_RUN_ID), when its owner ref is gone, or when it is older
 * than the lock TTL. The lock is released (refs deleted) when the run ends, whatever the result.
 */
import { randomBytes } from 'node:crypto';
import { ExternalError, errorMessage } from '../errors.js';
import type { Clock, GitHubPort, GitRef, Logger } from '../ports/index.js';

export interface LockOwner {
  ref: string;
  sha: string;
  startedAt: number;
  runKey: string;
}

export interface HeldLock {
  acquired: true;
  lockRef: string;
  owner: LockOwner;
  generation: number;
  /** Set when a stale or same-run lock was taken over: whose, and why. */
  tookOver?: string;
  release(): Promise<void>;
}

export interface BusyLock {
  acquired: false;
  holder: LockOwner | null;
  message: string;
}

export function lockPrefix(fromTag: string): string {
  return `release-ops/rollback/${fromTag}/`;
}

/** `run<GITHUB_RUN_ID>` inside Actions; a random key in a terminal. Safe as a ref name component. */
export function runKeyFor(runId: string | undefined): string {
  if (runId && /^\d+$/.test(runId)) return `run${runId}`;
  return `cli${randomBytes(6).toString('hex')}`;
}

const OWNER = /^owner-(\d+)-([A-Za-z0-9]+)-[0-9a-f]+$/;
const LOCK = /^lock-(\d+)$/;

function childName(ref: string, prefix: string): string | null {
  const full = `refs/${prefix}`;
  if (!ref.startsWith(full)) return null;
  const rest = ref.slice(full.length);
  return rest.includes('/') ? null : rest;
}

function isConflict(err: unknown): boolean {
  return err instanceof ExternalError && err.status === 422;
}

export async function acquireLock(
  gh: GitHubPort,
  deps: { clock: Clock; logger: Logger },
  opts: { fromTag: string; commitSha: string; runKey: string; ttlMs: number },
): Promise<HeldLock | BusyLock> {
  const prefix = lockPrefix(opts.fromTag);
  const startedAt = deps.clock.now();
  const objectSha = await gh.createTagObject({
    tag: `release-ops-rollback-${opts.runKey}`,
    message: `release-ops rollback lock for ${opts.fromTag}, held by ${opts.runKey} since ${new Date(startedAt).toISOString()}`,
    objectSha: opts.commitSha,
  });
  const me: LockOwner = {
    ref: `refs/${prefix}owner-${startedAt}-${opts.runKey}-${randomBytes(3).toString('hex')}`,
    sha: objectSha,
    startedAt,
    runKey: opts.runKey,
  };
  try {
    await gh.createRef(me.ref, me.sha);
  } catch (err) {
    // The owner ref's name is this attempt's alone (its start time and a random nonce): a 422 means our
    // own write landed, its answer was lost, and the retry found it. Pointing at our object, it is ours.
    if (!isConflict(err) || (await gh.getRef(me.ref.replace(/^refs\//, '')))?.sha !== me.sha) throw err;
  }

  for (let attempt = 0; attempt < 4; attempt++) {
    const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
    const top = locks[locks.length - 1];
    let generation = 1;
    let tookOver: string | undefined;
    if (top) {
      const holder = owners.find((o) => o.sha === top.ref.sha) ?? null;
      if (holder?.ref === me.ref) return held(gh, deps, prefix, me, top.generation, opts.ttlMs);
      const age = holder ? deps.clock.now() - holder.startedAt : Infinity;
      if (holder && holder.runKey === opts.runKey)
        tookOver = `taking over the lock of an earlier attempt of this run (${holder.runKey})`;
      else if (!holder) tookOver = `taking over ${top.ref.ref}, whose owner is gone`;
      else if (age > opts.ttlMs)
        tookOver = `taking over the lock of ${holder.runKey}, held for ${Math.round(age / 1000)} s (more than the lock TTL)`;
      else {
        await deleteQuietly(gh, deps.logger, me.ref);
        return {
          acquired: false,
          holder,
          message: `another run is handling this rollback of ${opts.fromTag} (${holder.runKey}, since ${new Date(holder.startedAt).toISOString()}; lock ${top.ref.ref})`,
        };
      }
      generation = top.generation + 1;
    }
    try {
      await gh.createRef(`refs/${prefix}lock-${generation}`, me.sha);
    } catch (err) {
      if (isConflict(err)) continue; // someone else created this generation first: look again
      await deleteQuietly(gh, deps.logger, me.ref);
      throw err;
    }
    if (tookOver) deps.logger.warn(tookOver);
    return held(gh, deps, prefix, me, generation, opts.ttlMs, tookOver);
  }
  await deleteQuietly(gh, deps.logger, me.ref);
  return {
    acquired: false,
    holder: null,
    message: `the rollback lock of ${opts.fromTag} keeps changing hands; another run is handling this`,
  };
}

function parse(refs: GitRef[], prefix: string) {
  const owners: LockOwner[] = [];
  const locks: { generation: number; ref: GitRef }[] = [];
  for (const r of refs) {
    const name = childName(r.ref, prefix);
    if (!name) continue;
    const o = OWNER.exec(name);
    if (o) owners.push({ ref: r.ref, sha: r.sha, startedAt: Number(o[1]), runKey: o[2]! });
    const l = LOCK.exec(name);
    if (l) locks.push({ generation: Number(l[1]), ref: r });
  }
  locks.sort((a, b) => a.generation - b.generation);
  return { owners, locks };
}

function held(
  gh: GitHubPort,
  deps: { clock: Clock; logger: Logger },
  prefix: string,
  me: LockOwner,
  generation: number,
  ttlMs: number,
  tookOver?: string,
): HeldLock {
  const { logger } = deps;
  return {
    acquired: true,
    lockRef: `refs/${prefix}lock-${generation}`,
    owner: me,
    generation,
    tookOver,
    async release() {
      // Our lock first, then what earlier (crashed) holders left below it, then the owner refs nobody
      // holds a lock with: ours, a crashed attempt of this run's, and any older than the TTL.
      // A higher generation means someone took over from us: theirs is never touched.
      const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
      const mine = locks.filter((l) => l.generation <= generation).reverse();
      for (const l of mine) await deleteQuietly(gh, logger, l.ref.ref);
      const released = new Set(mine.map((l) => l.ref.sha));
      const stillHeld = new Set(locks.filter((l) => l.generation > generation).map((l) => l.ref.sha));
      const now = deps.clock.now();
      for (const o of owners) {
        const orphan = !stillHeld.has(o.sha) && (o.runKey === me.runKey || now - o.startedAt > ttlMs);
        if (o.ref === me.ref || released.has(o.sha) || orphan) await deleteQuietly(gh, logger, o.ref);
      }
    },
  };
}

/**
 * Clears what a crashed run left behind once the rollback is known to be complete: locks (and their
 * owner refs) held by an earlier attempt of this run, by nobody, or for longer than the TTL.
 * Returns how many refs were deleted. Never touches a live lock of another run.
 */
export async function sweepLocks(
  gh: GitHubPort,
  deps: { clock: Clock; logger: Logger },
  opts: { fromTag: string; runKey: string; ttlMs: number },
): Promise<number> {
  const prefix = lockPrefix(opts.fromTag);
  const { owners, locks } = parse(await gh.listMatchingRefs(prefix), prefix);
  const now = deps.clock.now();
  const stale = (o: LockOwner | undefined) =>
    !o || o.runKey === opts.runKey || now - o.startedAt > opts.ttlMs;
  let deleted = 0;
  const live = new Set<string>();
  for (const l of locks) {
    const o = owners.find((x) => x.sha === l.ref.sha);
    if (stale(o)) {
      await deleteQuietly(gh, deps.logger, l.ref.ref);
      deleted++;
    } else {
      live.add(l.ref.sha);
    }
  }
  for (const o of owners) {
    if (!live.has(o.sha) && stale(o)) {
      await deleteQuietly(gh, deps.logger, o.ref);
      deleted++;
    }
  }
  return deleted;
}

async function deleteQuietly(gh: GitHubPort, logger: Logger, ref: string): Promise<void> {
  try {
    await gh.deleteRef(ref.replace(/^refs\//, ''));
  } catch (err) {
    logger.warn(`could not delete ${ref}: ${errorMessage(err)}`);
  }
}
