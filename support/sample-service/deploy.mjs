#!/usr/bin/env node
// A stand-in for a team's deploy.sh, driving the sample service through POST /control (tests, demo):
//
//   node deploy.mjs --url URL --version TAG [--weight W] [--inject-at W=JSON]… [--reset] [--exit N] [--hang]
//                   [--exit-at W=N] [--hang-at W]
//
// Sets the service's version; with --inject-at 25='{"errorRatePct":100}' the step whose weight is 25 also
// injects that fault (a bad release showing itself at 25 %); --reset clears every fault (a rollback);
// --exit N exits with N after the call; --hang never returns (until its process group is killed) and
// writes its pid and its child's pid to $DEPLOY_PID_FILE (or the file given by --pid-file) when set.
// --exit-at and --hang-at do the same at one weight only (a deploy that breaks at 25 %).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opts = { injectAt: {}, exitAt: {}, hangAt: [] };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--url') opts.url = next();
  else if (a === '--version') opts.version = next();
  else if (a === '--weight') opts.weight = next();
  else if (a === '--inject-at') {
    const [w, ...json] = next().split('=');
    opts.injectAt[w] = JSON.parse(json.join('='));
  } else if (a === '--exit-at') {
    const [w, n] = next().split('=');
    opts.exitAt[w] = Number(n);
  } else if (a === '--hang-at') opts.hangAt.push(next());
  else if (a === '--pid-file') opts.pidFile = next();
  else if (a === '--reset') opts.reset = true;
  else if (a === '--exit') opts.exit = Number(next());
  else if (a === '--hang') opts.hang = true;
  else {
    console.error(`deploy.mjs: unknown argument ${a}`);
    process.exit(2);
  }
}
console.log(
  `deploying ${opts.version ?? '?'} at ${opts.weight ?? '?'}% (env weight ${process.env.RELEASE_OPS_WEIGHT ?? '-'})`,
);
if (opts.hang || (opts.weight !== undefined && opts.hangAt.includes(opts.weight))) {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const pidFile = opts.pidFile ?? process.env.DEPLOY_PID_FILE;
  if (pidFile) writeFileSync(pidFile, `${process.pid} ${child.pid}\n`);
  setInterval(() => {}, 1000);
} else {
  if (opts.url) {
    const body = {
      ...(opts.reset ? { reset: true } : {}),
      ...(opts.version ? { version: opts.version } : {}),
    };
    const fault = opts.weight !== undefined ? opts.injectAt[opts.weight] : undefined;
    if (fault) body.inject = fault;
    const res = await fetch(new URL('/control', opts.url), { method: 'POST', body: JSON.stringify(body) });
    console.log(`control: ${res.status} ${await res.text()}`);
  }
  process.exit(
    opts.weight !== undefined && opts.exitAt[opts.weight] !== undefined
      ? opts.exitAt[opts.weight]
      : (opts.exit ?? 0),
  );
}
