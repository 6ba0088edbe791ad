/**
 * A real VictoriaMetrics for tests (Debian `victoria-metrics`, single node): its Prometheus-compatible
 * query API on a free 127.0.0.1 port, storage in a temporary directory. Queries see the newest samples
 * (`-search.latencyOffset=0s`, no result cache). Points go in through the Prometheus text import
 * (`/api/v1/import/prometheus`); a write returns once the export API shows every one of them.
 */
import {
  freePort,
  get,
  removeDir,
  requireProgram,
  startProcess,
  tempDir,
  until,
  waitReady,
  type MetricPoint,
  type MetricServer,
} from './process.js';

const VICTORIA = process.env.VICTORIA_METRICS_BIN ?? '/usr/bin/victoria-metrics';

const labelValue = (v: string) => JSON.stringify(v);

function selector(p: MetricPoint): string {
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(p.name)) throw new Error(`not a Prometheus metric name: ${p.name}`);
  const labels = Object.entries(p.labels ?? {}).map(([k, v]) => `${k}=${labelValue(v)}`);
  return labels.length ? `${p.name}{${labels.join(',')}}` : p.name;
}

export async function start(): Promise<MetricServer> {
  requireProgram(VICTORIA, 'victoria-metrics');
  const began = Date.now();
  const dir = tempDir('ro-victoria-');
  const port = await freePort();
  const proc = startProcess(VICTORIA, [
    `-httpListenAddr=127.0.0.1:${port}`,
    `-storageDataPath=${dir}/data`,
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-loggerLevel=WARN',
  ]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady('VictoriaMetrics', [proc], async () => (await get(`${url}/health`)).status === 200);
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  return {
    url,
    startedInMs: Date.now() - began,
    async stop() {
      await proc.stop();
      removeDir(dir);
    },
    async write(points: MetricPoint[]) {
      const now = Date.now();
      const at = (p: MetricPoint) => Math.round(p.at ?? now);
      const body = points.map((p) => `${selector(p)} ${p.value} ${at(p)}\n`).join('');
      const r = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body });
      if (r.status !== 204) throw new Error(`VictoriaMetrics import answered ${r.status}: ${await r.text()}`);
      await get(`${url}/internal/force_flush`);
      const bySeries = new Map<string, number[]>();
      for (const p of points) bySeries.set(selector(p), [...(bySeries.get(selector(p)) ?? []), at(p)]);
      for (const [series, times] of bySeries) {
        const q = new URLSearchParams({
          'match[]': series,
          start: String(Math.min(...times) / 1000),
          end: String(Math.max(...times) / 1000),
        });
        await until(`VictoriaMetrics to show ${series}`, async () => {
          const lines = (await get(`${url}/api/v1/export?${q}`)).body.split('\n').filter(Boolean);
          const seen = new Set(lines.flatMap((l) => (JSON.parse(l) as { timestamps: number[] }).timestamps));
          return times.every((t) => seen.has(t)) ? true : undefined;
        });
      }
    },
  };
}
