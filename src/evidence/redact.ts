/**
 * Redaction: every secret the run knows (tokens, webhook URLs, header values expanded from the
 * environment) is registered here once, and every string that leaves the process — logs, summaries,
 * outputs, evidence — passes through `redact`. Header names that carry credentials are always masked.
 */
export const REDACTED = '***';
const SENSITIVE_HEADER =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|private-token)$/i;

export class Redactor {
  private secrets = new Set<string>();
  /** Called whenever a secret is registered (the action adapter forwards to core.setSecret). */
  constructor(private onSecret?: (secret: string) => void) {}

  private secretVars = new Set<string>();

  /** Variables the config declares secret (`secret_vars`): their values are masked wherever expanded. */
  declareSecretVars(names: readonly string[]): void {
    for (const n of names) this.secretVars.add(n);
  }

  private publicVars = new Set<string>();

  /** Variables the config declares public (`public_vars`): never masked because of their name. */
  declarePublicVars(names: readonly string[]): void {
    for (const n of names) this.publicVars.add(n);
  }

  isSecretVar(name: string): boolean {
    return this.secretVars.has(name) || (!this.publicVars.has(name) && isCredentialName(name));
  }

  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.onSecret?.(secret);
    // A URL's credentials and query are secret-bearing too (webhook tokens live in the path).
    try {
      const u = new URL(secret);
      if (u.password) this.add(decodeURIComponent(u.password));
    } catch {
      /* not a URL */
    }
  }

  redact(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out;
  }

  /** Length of the longest registered secret (0 when none is). */
  get longest(): number {
    let n = 0;
    for (const s of this.secrets) n = Math.max(n, s.length);
    return n;
  }

  /**
   * Redacts, then shortens to at most `max` characters (an ellipsis marks the cut). Clipping first
   * would keep the start of a secret whose end was cut off, where no redaction can find it: every
   * place that shortens text for a report, a log line, a table cell or a GitHub record goes through
   * here. `oneLine` folds runs of whitespace to one space first (for table cells and details).
   */
  clip(text: string, max: number, o: { oneLine?: boolean } = {}): string {
    let out = this.redact(text);
    // Folding whitespace can join the parts of a secret that contains a run of spaces: redact again.
    if (o.oneLine) out = this.redact(out.replace(/\s+/g, ' ').trim());
    return out.length > max ? out.slice(0, Math.max(0, max - 1)) + '…' : out;
  }

  /**
   * Where the start of a line whose rest has not arrived yet can be cut, so that the part before
   * the cut can be masked and passed on alone: no secret may cross the cut. The last `longest - 1`
   * characters are held back (a secret may be arriving there); a complete secret across that point
   * moves the cut to its end.
   */
  safeCut(text: string): number {
    const longest = this.longest;
    if (longest === 0) return text.length;
    let cut = Math.max(0, text.length - (longest - 1));
    for (let moved = cut > 0; moved;) {
      moved = false;
      for (const s of this.secrets) {
        for (
          let p = text.indexOf(s, Math.max(0, cut - s.length + 1));
          p !== -1 && p < cut;
          p = text.indexOf(s, p + 1)
        )
          if (p + s.length > cut) {
            cut = p + s.length;
            moved = true;
          }
      }
    }
    return cut;
  }

  /** Deep copy with secrets replaced; values of credential-bearing header names are masked whatever they are. */
  redactDeep<T>(value: T): T {
    const walk = (v: unknown, key?: string): unknown => {
      if (typeof v === 'string') return key && SENSITIVE_HEADER.test(key) ? REDACTED : this.redact(v);
      if (Array.isArray(v)) return v.map((x) => walk(x));
      if (v && typeof v === 'object') {
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
        return o;
      }
      return v;
    };
    return walk(value) as T;
  }
}

/** A header whose value is a credential whatever it holds (`Authorization`, `Cookie`, `X-Api-Key`, …). */
export function isCredentialHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** A variable whose name says it holds a credential (`TENANT_TOKEN`, `DB_PASSWORD`, `DD_API_KEY`, …). */
export function isCredentialName(name: string): boolean {
  return /(TOKEN|SECRET|PASSWORD|PASSWD|PASS\b|_?KEY\b|KEY_|AUTH|CREDENTIAL|PRIVATE|SESSION|COOKIE|SIGNATURE|WEBHOOK|DSN)/i.test(
    name,
  );
}

/**
 * Expands `${VAR}` from `env` in a config string (header values, URLs). Only credentials become
 * secrets: a value expanded into a credential header (`secret: true`), or a variable whose name says
 * it is one. Others (`${DEPLOY_ENV}`, `${GOOD_TAG}`, `${BASE_URL}`) stay readable — masking them
 * would also rewrite every other place the same word appears. A missing variable is an error the
 * caller reports.
 */
export function expandEnv(
  text: string,
  env: Record<string, string | undefined>,
  redactor: Redactor,
  opts: { secret?: boolean } = {},
): { value: string } | { missing: string } {
  let missing: string | undefined;
  const value = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const v = env[name];
    if (v === undefined) {
      missing ??= name;
      return '';
    }
    if (opts.secret || redactor.isSecretVar(name)) redactor.add(v);
    return v;
  });
  return missing ? { missing } : { value };
}

/**
 * `target` with every string passed to its methods redacted first (plain objects and arrays are copied
 * with their strings redacted; streams, buffers and other objects pass as they are). For the ports
 * through which text leaves the run for someone else's eyes — GitHub's issues, comments, release notes
 * and deployment statuses — so a secret that found its way into a reason (an expanded URL, an error
 * page echoing a header) never reaches them.
 */
export function redactingCalls<T extends object>(target: T, redactor: Redactor): T {
  // Only free text is ours to rewrite; identifiers (a tag, an environment, a sha, a ref) are request
  // arguments, and masking one would ask GitHub for something else (`releases/tags/***`).
  const clean = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') return key !== undefined && FREE_TEXT.has(key) ? redactor.redact(v) : v;
    if (Array.isArray(v)) return v.map((x) => clean(x, key));
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x, k)]));
    return v;
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      const value: unknown = Reflect.get(t, key, receiver);
      if (typeof value !== 'function') return value;
      const textArgs = FREE_TEXT_ARGS[String(key)] ?? [];
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => unknown).apply(
          t,
          args.map((a, i) => (textArgs.includes(i) && typeof a === 'string' ? redactor.redact(a) : clean(a))),
        );
    },
  });
}

/** Fields of GitHub write arguments that carry free text (notes, bodies, descriptions, messages). */
const FREE_TEXT = new Set(['body', 'description', 'title', 'summary', 'text', 'message', 'name']);
/** Positional arguments that are free text, by method (a comment's body). */
const FREE_TEXT_ARGS: Record<string, number[]> = { createIssueComment: [1] };
