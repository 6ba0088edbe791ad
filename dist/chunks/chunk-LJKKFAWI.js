import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/evidence/redact.ts
var REDACTED = "***";
var SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|private-token)$/i;
var Redactor = class {
  /** Called whenever a secret is registered (the action adapter forwards to core.setSecret). */
  constructor(onSecret) {
    this.onSecret = onSecret;
  }
  onSecret;
  secrets = /* @__PURE__ */ new Set();
  secretVars = /* @__PURE__ */ new Set();
  /** Variables the config declares secret (`secret_vars`): their values are masked wherever expanded. */
  declareSecretVars(names) {
    for (const n of names) this.secretVars.add(n);
  }
  isSecretVar(name) {
    return this.secretVars.has(name) || isCredentialName(name);
  }
  add(secret) {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.onSecret?.(secret);
    try {
      const u = new URL(secret);
      if (u.password) this.add(decodeURIComponent(u.password));
    } catch {
    }
  }
  redact(text) {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out;
  }
  /** Length of the longest registered secret (0 when none is). */
  get longest() {
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
  clip(text, max, o = {}) {
    let out = this.redact(text);
    if (o.oneLine) out = this.redact(out.replace(/\s+/g, " ").trim());
    return out.length > max ? out.slice(0, Math.max(0, max - 1)) + "\u2026" : out;
  }
  /**
   * Where the start of a line whose rest has not arrived yet can be cut, so that the part before
   * the cut can be masked and passed on alone: no secret may cross the cut. The last `longest - 1`
   * characters are held back (a secret may be arriving there); a complete secret across that point
   * moves the cut to its end.
   */
  safeCut(text) {
    const longest = this.longest;
    if (longest === 0) return text.length;
    let cut = Math.max(0, text.length - (longest - 1));
    for (let moved = cut > 0; moved; ) {
      moved = false;
      for (const s of this.secrets) {
        for (let p = text.indexOf(s, Math.max(0, cut - s.length + 1)); p !== -1 && p < cut; p = text.indexOf(s, p + 1))
          if (p + s.length > cut) {
            cut = p + s.length;
            moved = true;
          }
      }
    }
    return cut;
  }
  /** Deep copy with secrets replaced; values of credential-bearing header names are masked whatever they are. */
  redactDeep(value) {
    const walk = (v, key) => {
      if (typeof v === "string") return key && SENSITIVE_HEADER.test(key) ? REDACTED : this.redact(v);
      if (Array.isArray(v)) return v.map((x) => walk(x));
      if (v && typeof v === "object") {
        const o = {};
        for (const [k, x] of Object.entries(v)) o[k] = walk(x, k);
        return o;
      }
      return v;
    };
    return walk(value);
  }
};
function isCredentialHeader(name) {
  return SENSITIVE_HEADER.test(name);
}
function isCredentialName(name) {
  return /(TOKEN|SECRET|PASSWORD|PASSWD|PASS\b|_?KEY\b|KEY_|AUTH|CREDENTIAL|PRIVATE|SESSION|COOKIE|SIGNATURE|WEBHOOK|DSN)/i.test(
    name
  );
}
function expandEnv(text, env, redactor, opts = {}) {
  let missing;
  const value = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name) => {
    const v = env[name];
    if (v === void 0) {
      missing ??= name;
      return "";
    }
    if (opts.secret || redactor.isSecretVar(name)) redactor.add(v);
    return v;
  });
  return missing ? { missing } : { value };
}
function redactingCalls(target, redactor) {
  const clean = (v, key) => {
    if (typeof v === "string") return key !== void 0 && FREE_TEXT.has(key) ? redactor.redact(v) : v;
    if (Array.isArray(v)) return v.map((x) => clean(x, key));
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x, k)]));
    return v;
  };
  return new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (typeof value !== "function") return value;
      const textArgs = FREE_TEXT_ARGS[String(key)] ?? [];
      return (...args) => value.apply(
        t,
        args.map((a, i) => textArgs.includes(i) && typeof a === "string" ? redactor.redact(a) : clean(a))
      );
    }
  });
}
var FREE_TEXT = /* @__PURE__ */ new Set(["body", "description", "title", "summary", "text", "message", "name"]);
var FREE_TEXT_ARGS = { createIssueComment: [1] };

// src/ports/index.ts
var HttpError = class extends Error {
  code;
  durationMs;
  constructor(code, message, durationMs) {
    super(message);
    this.name = "HttpError";
    this.code = code;
    this.durationMs = durationMs;
  }
};

export {
  HttpError,
  Redactor,
  isCredentialHeader,
  isCredentialName,
  expandEnv,
  redactingCalls
};
