/**
 * Posts a message to a Slack-compatible incoming webhook: `{"text": …}` as JSON. Retried on network
 * errors, 429 and 5xx (3 retries, backing off); a 4xx other than 429 is not retried (the URL is wrong).
 * Never throws: a failed notification is reported, and never fails the rollout. The URL is a secret —
 * the caller registers it with the Redactor; messages here never include it.
 */
import { ConfigError } from '../errors.js';
import { HttpError, type Clock, type HttpClient } from '../ports/index.js';

/**
 * Checks a webhook URL given as input `webhook-url` before the caller registers it as a secret: a
 * malformed value (`http://`, `true`) would otherwise be masked wherever it occurs, garbling the very
 * message that reports it and every output.
 */
export function checkWebhookUrl(url: string): void {
  if (!/^https?:\/\/\S+$/.test(url))
    throw ConfigError.input('webhook-url', 'expected an http:// or https:// URL');
}

export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface WebhookOptions {
  retries?: number;
  /** First backoff; doubles each retry (default 1000 ms). */
  backoffMs?: number;
  timeoutMs?: number;
}

export async function postWebhook(
  deps: { http: HttpClient; clock: Clock },
  url: string,
  text: string,
  opts: WebhookOptions = {},
): Promise<WebhookResult> {
  const retries = opts.retries ?? 3;
  let backoff = opts.backoffMs ?? 1000;
  let last: WebhookResult = { delivered: false, attempts: 0 };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    try {
      const res = await deps.http.request({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        timeoutMs: opts.timeoutMs ?? 10_000,
      });
      if (res.status >= 200 && res.status < 300)
        return { delivered: true, attempts: attempt, status: res.status };
      last = {
        delivered: false,
        attempts: attempt,
        status: res.status,
        error: `the webhook answered ${res.status}`,
      };
      if (res.status < 500 && res.status !== 429) return last;
    } catch (err) {
      last = {
        delivered: false,
        attempts: attempt,
        error: err instanceof HttpError ? `${err.code}: ${err.message}` : String(err),
      };
    }
    if (attempt <= retries) {
      await deps.clock.sleep(backoff);
      backoff *= 2;
    }
  }
  return last;
}
