/**
 * A real InfluxDB 1.x for tests (Debian `influxdb`): `influxd -config <temp conf>` with its HTTP API on
 * a free 127.0.0.1 port, meta, data and WAL in a temporary directory, reporting and self-monitoring off.
 * It creates one database (`metrics` unless told otherwise); with `auth`, authentication is on and the
 * given user is its admin (created through the API, as InfluxDB allows for the first user).
 * A point is written as `<name>,<labels> value=<value> <ms>`; InfluxDB answers a write once the point
 * can be queried.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  freePort,
  get,
  removeDir,
  requireProgram,
  startProcess,
  tempDir,
  waitReady,
  type MetricPoint,
  type MetricServer,
} from './process.js';

const INFLUXD = process.env.INFLUXD_BIN ?? '/usr/bin/influxd';

export interface InfluxServer extends MetricServer {
  database: string;
}

function conf(dir: string, http: number, rpc: number, auth: boolean): string {
  return [
    'reporting-enabled = false',
    `bind-address = "127.0.0.1:${rpc}"`,
    '[meta]',
    `  dir = "${dir}/meta"`,
    '  logging-enabled = false',
    '[data]',
    `  dir = "${dir}/data"`,
    `  wal-dir = "${dir}/wal"`,
    '  query-log-enabled = false',
    '[monitor]',
    '  store-enabled = false',
    '[subscriber]',
    '  enabled = false',
    '[http]',
    `  bind-address = "127.0.0.1:${http}"`,
    `  auth-enabled = ${auth}`,
    '  log-enabled = false',
    '  pprof-enabled = false',
    '[logging]',
    '  level = "warn"',
    '  suppress-logo = true',
    '',
  ].join('\n');
}

const escKey = (s: string) => s.replace(/[ ,=\\]/g, (c) => `\\${c}`);

export async function start(
  o: { database?: string; auth?: { username: string; password: string } } = {},
): Promise<InfluxServer> {
  requireProgram(INFLUXD, 'influxd=influxdb');
  const began = Date.now();
  const dir = tempDir('ro-influxdb-');
  mkdirSync(path.join(dir, 'data'));
  const [http, rpc] = await Promise.all([freePort(), freePort()]);
  writeFileSync(path.join(dir, 'influxdb.conf'), conf(dir, http, rpc, o.auth !== undefined));
  const proc = startProcess(INFLUXD, ['-config', path.join(dir, 'influxdb.conf')]);
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    await proc.stop();
    removeDir(dir);
  };
  try {
    await waitReady('InfluxDB', [proc], async () => (await get(`${url}/ping`)).status === 204);
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  const database = o.database ?? 'metrics';
  const headers: Record<string, string> = o.auth
    ? { authorization: `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}` }
    : {};
  const admin = async (q: string, h: Record<string, string>) => {
    const r = await fetch(`${url}/query`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
    });
    const body = await r.text();
    if (r.status !== 200 || body.includes('"error"')) throw new Error(`InfluxDB: ${q}: ${r.status} ${body}`);
  };
  try {
    if (o.auth)
      await admin(
        `CREATE USER "${o.auth.username}" WITH PASSWORD '${o.auth.password.replace(/'/g, "\\'")}' WITH ALL PRIVILEGES`,
        {},
      );
    await admin(`CREATE DATABASE "${database}"`, headers);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    database,
    startedInMs: Date.now() - began,
    stop,
    async write(points: MetricPoint[]) {
      const body = points
        .map((p) => {
          const tags = Object.entries(p.labels ?? {}).map(([k, v]) => `,${escKey(k)}=${escKey(v)}`);
          return `${escKey(p.name)}${tags.join('')} value=${p.value} ${Math.round(p.at ?? Date.now())}`;
        })
        .join('\n');
      const r = await fetch(`${url}/write?db=${encodeURIComponent(database)}&precision=ms`, {
        method: 'POST',
        headers,
        body,
      });
      if (r.status !== 204) throw new Error(`InfluxDB write answered ${r.status}: ${await r.text()}`);
    },
  };
}
