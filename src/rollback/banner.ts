/**
 * The rollback banner put at the top of the bad release's notes: UTC time and reason, once.
 * A hidden marker makes it detectable, so a re-run never stacks a second banner.
 */
export const BANNER_START = '<!-- release-ops:rollback-banner -->';
export const BANNER_END = '<!-- /release-ops:rollback-banner -->';

export interface BannerFacts {
  /** Milliseconds since the epoch. */
  at: number;
  reason: string;
  toTag: string;
  incidentUrl?: string;
}

/** `2026-01-05 10:00:00 UTC` */
export function utcTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, ' UTC');
}

/**
 * One line, no Markdown structure an input could inject: newlines flattened, and `<` `>` written as
 * entities, so no text — however nested (`<<!--!--`) — can form an HTML comment, and so none of our
 * markers. Free text reaches public release notes and issues: an `@mention` is broken with a
 * zero-width space (nobody is pinged) and a link is shown as code (not clickable).
 */
export function oneLine(text: string, max = 300): string {
  const flat = text
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s+/g, ' ')
    .replace(/`/g, "'")
    .replace(/\b(?:https?|ftp):\/\/[^\s'"]+|\bwww\.[^\s'"]+/gi, (url) => `\`${url}\``)
    .replace(/(^|[^\w`.])@(?=[A-Za-z0-9])/g, '$1@\u200b')
    .trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

export function renderBanner(f: BannerFacts): string {
  const incident = f.incidentUrl ? ` Incident: ${f.incidentUrl}.` : '';
  return [
    BANNER_START,
    '> [!CAUTION]',
    `> **Rolled back** at ${utcTime(f.at)}: ${oneLine(f.reason)}. Use ${f.toTag} instead.${incident}`,
    BANNER_END,
  ].join('\n');
}

export interface ParsedBanner {
  /** As written: `2026-01-05 10:00:00 UTC`. */
  at: string;
  reason: string;
  toTag: string;
  incidentUrl: string | null;
}

const BANNER_LINE =
  /^> \*\*Rolled back\*\* at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC): (.*)\. Use (\S+) instead\.(?: Incident: (\S+)\.)?$/m;

/** The facts of our banner in a release's notes; null when there is none. */
export function parseBanner(body: string | null | undefined): ParsedBanner | null {
  const text = body ?? '';
  const start = text.indexOf(BANNER_START);
  const end = text.indexOf(BANNER_END, start);
  if (start < 0 || end < 0) return null;
  const m = BANNER_LINE.exec(text.slice(start, end));
  if (!m) return { at: '', reason: '', toTag: '', incidentUrl: null };
  return { at: m[1]!, reason: m[2]!, toTag: m[3]!, incidentUrl: m[4] ?? null };
}

export function hasBanner(body: string | null | undefined): boolean {
  return (body ?? '').includes(BANNER_START);
}

/** The notes with the banner on top; unchanged when a banner is already there. */
export function withBanner(body: string | null | undefined, f: BannerFacts): string {
  const current = body ?? '';
  if (hasBanner(current)) return current;
  return current.trim() === '' ? renderBanner(f) + '\n' : `${renderBanner(f)}\n\n${current}`;
}
