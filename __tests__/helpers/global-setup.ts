import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Before the suite: what the tests need that npm does not install, through the same scripts .ci/run
 * uses, each a no-op once done —
 *   - the metric servers the providers are tested against (Prometheus, VictoriaMetrics, InfluxDB,
 *     Graphite), Chromium (the charts are rendered in it), jq and curl (the workflows act runs): apt;
 *   - act (the workflow tests): built with Go and cached outside the work tree;
 *   - Node 24 (the runtime act gives the actions): from the npm registry, cached the same way;
 * then dist/, so bundle tests run exactly what the runner would run (RELEASE_OPS_SKIP_PACKAGE=1
 * skips that: CI packages first, then checks dist/ is clean).
 * A setup that cannot run here stops the suite with the one command that would fix it.
 */
/** What scripts/setup-services.sh installs: the command it looks for, and the Debian package. */
const SERVICES = [
  'prometheus',
  'victoria-metrics',
  'influxd=influxdb',
  'carbon-cache=graphite-carbon',
  'graphite-manage=graphite-web',
  'chromium',
  'jq',
  'curl',
];

export default function globalSetup(): void {
  setup('setup-services.sh', SERVICES);
  process.env.RELEASE_OPS_ACT = setup('setup-act.sh');
  process.env.RELEASE_OPS_NODE24 = setup('setup-node24.sh');
  if (process.env.RELEASE_OPS_SKIP_PACKAGE === '1') return;
  execFileSync(process.execPath, ['scripts/package.mjs'], { stdio: 'inherit' });
}

/** Runs scripts/<script>; returns the last line it printed (the path of what it set up). */
function setup(script: string, args: string[] = []): string {
  const r = spawnSync('bash', [`scripts/${script}`, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scripts/${script} could not set up what the tests need (see above)`);
  return r.stdout.trim().split('\n').pop() ?? '';
}
