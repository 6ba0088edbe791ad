/**
 * `${VAR}` in URLs: `url: "${BASE_URL}/health"` (docs/from-runbooks.md) loads, works once the variable is
 * set, and a URL that is still not http(s) after the replacement is refused saying what was found.
 */
import { describe, expect, it } from '@jest/globals';
import { resolveAnalysis } from '../../src/analysis/settings.js';
import { parseConfig } from '../../src/config/load.js';
import { httpUrlProblem } from '../../src/config/schema/common.js';
import { ConfigError } from '../../src/errors.js';
import { Redactor } from '../../src/evidence/redact.js';
import { httpCheck } from '../../src/gate/checks/http.js';
import { checkCtx, checkOf, fakeDeps, FakeHttp } from '../gate/fakes.js';

const canary = (url: string) => `canary:
  deploy: [d]
  steps: [{ weight: 100 }]
  analysis:
    metrics:
      - name: health
        provider: http
        url: "${url}"
        conditions: ["error_rate_pct == 0"]
`;

function problems(text: string): string {
  try {
    parseConfig(text, 'ro.yml');
    return '';
  } catch (err) {
    return (err as ConfigError).message;
  }
}

function resolveWith(url: string, env: Record<string, string>) {
  const { config, source } = parseConfig(canary(url), 'ro.yml');
  return resolveAnalysis(config.canary!.analysis!, {
    env,
    redactor: new Redactor(),
    source,
    path: ['canary', 'analysis'],
  });
}

describe('${VAR} in URLs', () => {
  it('loads wherever a variable may stand for part of the URL, the scheme and host included', () => {
    for (const url of [
      '${BASE_URL}/health',
      'https://${CANARY_HOST}/health',
      'http://127.0.0.1:${PORT}/health',
      '${BASE_URL}',
      'http://svc/health',
    ])
      expect([url, problems(canary(url))]).toEqual([url, '']);
  });

  it('refuses at load time what no variable can make a URL, saying what was found', () => {
    expect(problems(canary('localhost:8080/health'))).toBe(
      'ro.yml:8:14 canary.analysis.metrics[0].url: expected an http:// or https:// URL, found "localhost:8080/health"',
    );
    expect(problems(canary('ftp://${HOST}/x'))).toContain('found "ftp://${HOST}/x"');
    expect(problems(canary('http://a b/${X}'))).toContain('without spaces, found "http://a b/${X}"');
  });

  it('replaces the variables when the run starts', () => {
    const spec = resolveWith('${BASE_URL}/health', { BASE_URL: 'http://127.0.0.1:8080' });
    expect(spec.metrics[0]!.provider).toMatchObject({ url: 'http://127.0.0.1:8080/health' });
  });

  it('an unset variable is named, with the line', () => {
    expect(() => resolveWith('${BASE_URL}/health', {})).toThrow(
      'ro.yml:8:1 canary.analysis.metrics[0].url: uses ${BASE_URL}, but the environment has no BASE_URL',
    );
  });

  it('a replaced URL that is not http(s) shows what the variables made of it', () => {
    expect(() => resolveWith('${BASE_URL}/health', { BASE_URL: 'localhost:8080' })).toThrow(
      'canary.analysis.metrics[0].url: expected an http:// or https:// URL, found "localhost:8080/health" (written "${BASE_URL}/health", with ${BASE_URL} replaced from the environment)',
    );
    expect(() => resolveWith('${BASE_URL}/health', { BASE_URL: '' })).toThrow('found "/health"');
  });

  it('a secret replaced into a bad URL is masked in the message', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t-host');
    expect(httpUrlProblem(redactor.redact('s3cr3t-host/x'), '${SECRET_HOST}/x')).toContain('found "***/x"');
  });

  it('the gate http check: the same URL works, and a bad replacement fails the check saying what was found', async () => {
    const http = new FakeHttp(() => ({ status: 200 }));
    const check = checkOf<'http'>('{ type: http, name: h, url: "${BASE_URL}/health" }');
    const ok = await httpCheck.run(check, checkCtx(fakeDeps({ http, env: { BASE_URL: 'http://svc' } })));
    expect(ok).toMatchObject({ ok: true });
    expect(http.calls[0]!.url).toBe('http://svc/health');
    const bad = await httpCheck.run(check, checkCtx(fakeDeps({ http, env: { BASE_URL: 'svc' } })));
    expect(bad).toMatchObject({
      ok: false,
      detail:
        'url: expected an http:// or https:// URL, found "svc/health" (written "${BASE_URL}/health", with ${BASE_URL} replaced from the environment)',
    });
    const unset = await httpCheck.run(check, checkCtx(fakeDeps({ http, env: {} })));
    expect(unset).toMatchObject({ ok: false, detail: 'url: environment variable BASE_URL is not set' });
  });
});
