import type { FreezeCheckConfig, Weekday } from '../../config/schema/gate.js';
import type { CheckImpl } from '../types.js';

const DAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
type Window = FreezeCheckConfig['deny'][number];

export interface LocalTime {
  day: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
  /** `Fri 16:05`. */
  text: string;
}

/** The weekday and wall-clock time at `ms` in an IANA time zone, with Intl (no date library). */
export function localTime(ms: number, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 3).toLowerCase() as Weekday;
  const hour = Number(get('hour')) % 24;
  const minute = Number(get('minute'));
  const hh = String(hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  return { day, minutes: hour * 60 + minute, text: `${get('weekday')} ${hh}:${mm}` };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a deny window covers a local time. `from` defaults to 00:00 and `to` to 24:00; `to` is
 * exclusive. A window whose `to` is earlier than its `from` runs overnight and belongs to the day it
 * starts on: `{ days: [fri], from: "22:00", to: "06:00" }` covers Friday 22:00 to Saturday 06:00.
 */
export function windowCovers(w: Window, t: LocalTime): boolean {
  const from = w.from ? toMinutes(w.from) : 0;
  const to = w.to ? toMinutes(w.to) : 24 * 60;
  const onDay = (d: Weekday) => !w.days || w.days.includes(d);
  if (from < to) return onDay(t.day) && t.minutes >= from && t.minutes < to;
  const previous = DAYS[(DAYS.indexOf(t.day) + 6) % 7]!;
  return (onDay(t.day) && t.minutes >= from) || (onDay(previous) && t.minutes < to);
}

export function describeWindow(w: Window): string {
  const days = w.days ? w.days.join(',') : 'every day';
  return w.from || w.to ? `${days} ${w.from ?? '00:00'}-${w.to ?? '24:00'}` : days;
}

/**
 * `freeze`: deploy freezes by weekday and time in a named time zone (the release and incident flow: no Friday deploys).
 * Inside a deny window the check fails, unless the run is a hotfix whose severity (input
 * freeze-override) is in `allow_override_for` (default high and critical); the override is recorded in
 * the verdict, the summary and the evidence.
 */
export const freezeCheck: CheckImpl<FreezeCheckConfig> = {
  async run(check, ctx) {
    const now = ctx.clock.now();
    const t = localTime(now, check.timezone);
    const at = `${t.text} ${check.timezone}`;
    const hits = check.deny.filter((w) => windowCovers(w, t)).map(describeWindow);
    const data: Record<string, unknown> = {
      now_utc: new Date(now).toISOString(),
      local_time: at,
      deny_windows_hit: hits,
      override_requested: ctx.freezeOverride ?? null,
    };
    const limit = {
      what: 'local time',
      value: at,
      limit: `outside ${check.deny.map(describeWindow).join('; ')}`,
    };
    if (hits.length === 0) {
      return {
        ok: true,
        detail: `${at} is outside every deny window${ctx.freezeOverride ? ' (override not needed)' : ''}`,
        limits: [{ ...limit, ok: true }],
        data,
      };
    }
    const inside = `${at} is inside deny window ${hits.join('; ')}`;
    const sev = ctx.freezeOverride;
    if (sev && check.allow_override_for.includes(sev)) {
      const override = { severity: sev, windows: hits, at: data.now_utc as string, local_time: at };
      return {
        ok: true,
        detail: `${inside}: overridden by a severity ${sev} hotfix`,
        limits: [{ ...limit, ok: false }],
        override,
        data: { ...data, override },
      };
    }
    const allowed = check.allow_override_for.join(' or ');
    const hint = sev
      ? `; override severity ${sev} is not allowed (allowed: ${allowed || 'none'})`
      : allowed
        ? `; only a severity ${allowed} hotfix may override it (input freeze-override)`
        : '';
    return { ok: false, detail: inside + hint, limits: [{ ...limit, ok: false }], data };
  },

  describe(check, deps) {
    const windows = check.deny.map(describeWindow).join('; ');
    const override = deps.freezeOverride ? `, override severity ${deps.freezeOverride}` : '';
    return `freeze: deny ${windows} (${check.timezone})${override}`;
  },
};
