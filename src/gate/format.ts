import { formatDuration } from '../config/duration.js';
import type { Redactor } from '../evidence/redact.js';
import type { Limit } from './types.js';

/** `184 ms`, `1.2 ms` below 10 ms so that fast loopback probes still show a useful number. */
export function ms(value: number): string {
  return value < 10 ? `${Number(value.toFixed(1))} ms` : `${Math.round(value)} ms`;
}

/** `1.5 KiB`, `12.4 MiB`. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${Number(v.toFixed(1))} ${units[u]}`;
}

/** A duration for people: `850ms`, `12s`, `1h30m`. */
export function human(msValue: number): string {
  return formatDuration(Math.max(0, msValue));
}

/** `p95 184 ms > 120 ms` for a broken limit, `p95 12 ms ≤ 120 ms` for a kept one. */
export function formatLimit(l: Limit): string {
  const unit = (v: number | string | null) => (v === null ? 'n/a' : l.unit ? `${v} ${l.unit}` : `${v}`);
  return `${l.what} ${unit(round(l.value))} ${l.ok ? '≤' : '>'} ${unit(round(l.limit))}`;
}

function round(v: number | string | null): number | string | null {
  if (typeof v !== 'number') return v;
  return Math.abs(v) < 10 ? Number(v.toFixed(1)) : Math.round(v);
}

/**
 * Shortens text to one line of at most `max` characters, secrets masked first (a clip before masking
 * would keep the start of a secret whose end it cut off).
 */
export function clip(redactor: Redactor, text: string, max = 200): string {
  return redactor.clip(text, max, { oneLine: true });
}
