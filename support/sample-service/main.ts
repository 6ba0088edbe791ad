/**
 * Runs the sample service on its own: `tsx support/sample-service/main.ts --version v1.0.0 [--port 8080]`.
 * Prints its URL, then serves until SIGTERM/SIGINT. Faults are injected with POST /control, e.g.
 *   curl -X POST localhost:8080/control -d '{"inject":{"errorRatePct":10}}'
 *   curl -X POST localhost:8080/control -d '{"version":"v1.1.0"}'
 */
import { startSampleService } from './index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = arg('port') !== undefined ? Number(arg('port')) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  console.error(`--port: expected a port number, found "${arg('port')}"`);
  process.exit(2);
}
const service = await startSampleService({
  version: arg('version') ?? 'v1.0.0',
  port,
  seed: Number(arg('seed') ?? 1),
});
console.log(`sample service ${service.version} listening on ${service.url}`);
const stop = async () => {
  await service.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
