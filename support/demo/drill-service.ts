/**
 * The drill target of this repository's own workflows (.github/workflows/go-live.yml, rollback.yml,
 * hypercare.yml, release.yml): the sample service with steady user traffic, so that its metrics
 * (/metrics.json, /metrics) describe real requests. Runs until SIGTERM/SIGINT.
 *
 *   npx tsx support/demo/drill-service.ts --version v1.0.0 [--port 8080] [--rps 50]
 *
 * A workflow starts it in the background, waits for /ready, and the deploy and rollback programs in
 * .github/release-ops.yml drive it with support/sample-service/deploy.mjs.
 */
import { parseArgs } from 'node:util';
import { startSampleService, startTraffic } from '../sample-service/index.js';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: 'v0.0.0' },
    port: { type: 'string', default: '8080' },
    rps: { type: 'string', default: '50' },
  },
});
const port = Number(values.port);
const rps = Number(values.rps);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: expected a port number, found "${values.port}"`);
  process.exit(2);
}
if (!(rps > 0 && rps <= 1000)) {
  console.error(`--rps: expected 1 to 1000 requests per second, found "${values.rps}"`);
  process.exit(2);
}
const service = await startSampleService({ version: values.version, port, metricsWindowMs: 10_000 });
const stopTraffic = startTraffic(service.url, { intervalMs: Math.round(1000 / rps) });
console.log(`drill service ${service.version} on ${service.url}, ~${rps} requests/s of user traffic`);
const stop = async () => {
  await stopTraffic();
  await service.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
