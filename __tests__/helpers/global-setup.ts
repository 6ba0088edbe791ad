import { execFileSync } from 'node:child_process';

/** Builds dist/ once before the suite, so bundle tests run exactly what the runner would run. */
export default function globalSetup(): void {
  if (process.env.RELEASE_OPS_SKIP_PACKAGE === '1') return;
  execFileSync(process.execPath, ['scripts/package.mjs'], { stdio: 'inherit' });
}
