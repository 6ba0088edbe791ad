/**
 * A real Graphite for tests: carbon-cache (Debian `graphite-carbon`) receiving the plaintext protocol,
 * and graphite-web (Debian `graphite-web`: its Django WSGI application, served by Python's reference
 * WSGI server as Django's runserver does, without its checks) answering the render API, both on
 * 127.0.0.1 with their own config, whisper files, logs and free ports in a temporary directory.
 * Whisper keeps one point per second for a day: a point's time is cut to the second, and a point from
 * the future or older than a day is dropped by carbon.
 */
import net from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  freePort,
  get,
  removeDir,
  requireProgram,
  startProcess,
  tcpOpen,
  tempDir,
  until,
  waitReady,
  type MetricPoint,
  type MetricServer,
} from './process.js';

const CARBON = process.env.CARBON_CACHE_BIN ?? '/usr/bin/carbon-cache';
const MANAGE = process.env.GRAPHITE_MANAGE_BIN ?? '/usr/bin/graphite-manage';
/** Debian's Python, which has graphite-web's modules (not a python3 that happens to be first on PATH). */
const PYTHON = process.env.GRAPHITE_PYTHON ?? '/usr/bin/python3';
const SETTINGS_MODULE = 'release_ops_graphite_settings';

const py = (s: string) => JSON.stringify(s);

function carbonConf(dir: string, ports: { line: number; pickle: number; query: number }): string {
  return [
    '[cache]',
    `STORAGE_DIR = ${dir}/storage/`,
    `LOCAL_DATA_DIR = ${dir}/storage/whisper/`,
    `CONF_DIR = ${dir}/conf/`,
    `LOG_DIR = ${dir}/log/`,
    `PID_DIR = ${dir}/`,
    'DATABASE = whisper',
    'ENABLE_LOGROTATION = False',
    'MAX_CACHE_SIZE = inf',
    'MAX_UPDATES_PER_SECOND = inf',
    'MAX_CREATES_PER_MINUTE = inf',
    'LINE_RECEIVER_INTERFACE = 127.0.0.1',
    `LINE_RECEIVER_PORT = ${ports.line}`,
    'ENABLE_UDP_LISTENER = False',
    'PICKLE_RECEIVER_INTERFACE = 127.0.0.1',
    `PICKLE_RECEIVER_PORT = ${ports.pickle}`,
    'CACHE_QUERY_INTERFACE = 127.0.0.1',
    `CACHE_QUERY_PORT = ${ports.query}`,
    // no carbon.* self-metrics beside the test's own series
    'CARBON_METRIC_INTERVAL = 0',
    'LOG_UPDATES = False',
    'LOG_CREATES = False',
    '',
  ].join('\n');
}

function webSettings(dir: string, queryPort: number): string {
  return [
    `SECRET_KEY = ${py('release-ops-tests-only')}`,
    `STORAGE_DIR = ${py(`${dir}/storage`)}`,
    `WHISPER_DIR = ${py(`${dir}/storage/whisper`)}`,
    `INDEX_FILE = ${py(`${dir}/storage/index`)}`,
    `LOG_DIR = ${py(`${dir}/log`)}`,
    `CONF_DIR = ${py(`${dir}/web`)}`,
    `CARBONLINK_HOSTS = [${py(`127.0.0.1:${queryPort}`)}]`,
    `DATABASES = {'default': {'NAME': ${py(`${dir}/storage/graphite.db`)}, 'ENGINE': 'django.db.backends.sqlite3'}}`,
    "TAGDB = ''",
    'FUNCTION_PLUGINS = []',
    '',
  ].join('\n');
}

/** graphite-web's WSGI app on 127.0.0.1:<argv[1]>, threaded, quiet, with no reverse lookup of the address. */
const SERVE_PY = `import os, socketserver, sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

class Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

os.environ['DJANGO_SETTINGS_MODULE'] = 'graphite.settings'
from graphite.wsgi import application
server = Server(('127.0.0.1', int(sys.argv[1])), Quiet)
server.set_app(application)
server.serve_forever()
`;

/** Starts carbon-cache and graphite-web; resolves once both answer. */
export async function start(): Promise<MetricServer> {
  requireProgram(CARBON, 'carbon-cache=graphite-carbon');
  requireProgram(MANAGE, 'graphite-manage=graphite-web');
  requireProgram(PYTHON, 'graphite-manage=graphite-web');
  const began = Date.now();
  const dir = tempDir('ro-graphite-');
  for (const d of ['conf', 'storage/whisper', 'log', 'web'])
    mkdirSync(path.join(dir, d), { recursive: true });
  const [line, pickle, query, http] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  writeFileSync(path.join(dir, 'conf/carbon.conf'), carbonConf(dir, { line, pickle, query }));
  writeFileSync(path.join(dir, 'conf/storage-schemas.conf'), '[all]\npattern = .*\nretentions = 1s:1d\n');
  writeFileSync(path.join(dir, `web/${SETTINGS_MODULE}.py`), webSettings(dir, query));
  writeFileSync(path.join(dir, 'web/serve.py'), SERVE_PY);
  const carbon = startProcess(CARBON, [
    `--config=${dir}/conf/carbon.conf`,
    `--pidfile=${dir}/carbon.pid`,
    '--logfile=-',
    '--nodaemon',
    'start',
  ]);
  const web = startProcess(PYTHON, [path.join(dir, 'web/serve.py'), String(http)], {
    PYTHONPATH: path.join(dir, 'web'),
    GRAPHITE_SETTINGS_MODULE: SETTINGS_MODULE,
    PYTHONWARNINGS: 'ignore',
  });
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    await Promise.all([carbon.stop(), web.stop()]);
    removeDir(dir);
  };
  try {
    await waitReady(
      'Graphite',
      [carbon, web],
      async () =>
        (await tcpOpen(line)) && (await tcpOpen(query)) && (await get(`${url}/version`)).status === 200,
    );
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  return {
    url,
    startedInMs: Date.now() - began,
    stop,
    write: (points) => write(url, line, points),
  };
}

async function write(url: string, linePort: number, points: MetricPoint[]): Promise<void> {
  // what each series should hold once written: the last value given for each second
  const want = new Map<string, Map<number, number>>();
  const lines = points.map((p) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(p.name)) throw new Error(`not a plain Graphite path: ${p.name}`);
    const at = Math.floor((p.at ?? Date.now()) / 1000);
    if (!want.has(p.name)) want.set(p.name, new Map());
    want.get(p.name)!.set(at, p.value);
    return `${p.name} ${p.value} ${at}\n`;
  });
  await new Promise<void>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: linePort }, () => s.end(lines.join('')));
    s.once('error', reject);
    s.once('close', () => resolve());
  });
  for (const [name, byTime] of want) {
    const times = [...byTime.keys()];
    const q = `target=${encodeURIComponent(name)}&from=${Math.min(...times) - 1}&until=${Math.max(...times) + 1}&format=json`;
    await until(`Graphite to show ${name}`, async () => {
      const r = await get(`${url}/render?${q}`);
      const series = JSON.parse(r.body) as { datapoints: [number | null, number][] }[];
      const seen = new Map((series[0]?.datapoints ?? []).map(([v, t]) => [t, v]));
      return [...byTime].every(([t, v]) => seen.get(t) === v) ? true : undefined;
    });
  }
}
