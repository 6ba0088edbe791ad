/**
 * A small evaluator for the GitHub Actions expressions a composite action uses: `${{ … }}` in values,
 * and `if:` conditions. Enough of the language for actions/go-live — and strict: anything it does not
 * know is an error, so the test fails rather than guess.
 *
 *   literals      'text' ('' escapes a quote), numbers, true, false, null
 *   contexts      inputs.<name>, steps.<id>.outputs.<name>, steps.<id>.outcome|conclusion,
 *                 github.<name>, env.<name>, runner.<name> (names may contain '-'), a['b']
 *   operators     ! == != < <= > >= && || ( )
 *   functions     success() failure() always() cancelled()
 *
 * Semantics as GitHub documents them: `&&`/`||` return an operand (not a boolean), `==` compares
 * strings case-insensitively and otherwise coerces to numbers, a missing property is null, and
 * null/''/0/false are falsy. An `if:` without a status function is `success() && (…)`.
 */
export type Value = string | number | boolean | null | { [k: string]: Value } | undefined;

export interface Scope {
  contexts: Record<string, Value>;
  /** Whether an earlier step of the composite failed. */
  failed: boolean;
}

type Token =
  { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let v = '';
      for (i++; ; i++) {
        if (i >= src.length) throw new Error(`unterminated string in: ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i++;
          } else break;
        } else v += src[i];
      }
      i++;
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if ('!<>().[],'.includes(c)) {
        out.push({ t: 'op', v: c });
        i++;
      } else throw new Error(`unexpected "${c}" in: ${src}`);
    }
  }
  return out;
}

const truthy = (v: Value): boolean => !(v === null || v === undefined || v === false || v === '' || v === 0);

function toNumber(v: Value): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  return toNumber(a) === toNumber(b);
}

/** Evaluates one expression (without the `${{ }}`). */
export function evaluate(src: string, scope: Scope): Value {
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p];
  const isOp = (v: string) => peek()?.t === 'op' && peek()!.v === v;
  const expectOp = (v: string) => {
    if (!isOp(v)) throw new Error(`expected "${v}" in: ${src}`);
    p++;
  };

  const or = (): Value => {
    let left = and();
    while (isOp('||')) {
      p++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = cmp();
    while (isOp('&&')) {
      p++;
      const right = cmp();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const cmp = (): Value => {
    const left = unary();
    const op = peek();
    if (op?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(op.v)) {
      p++;
      const right = unary();
      switch (op.v) {
        case '==':
          return equal(left, right);
        case '!=':
          return !equal(left, right);
        case '<':
          return toNumber(left) < toNumber(right);
        case '<=':
          return toNumber(left) <= toNumber(right);
        case '>':
          return toNumber(left) > toNumber(right);
        default:
          return toNumber(left) >= toNumber(right);
      }
    }
    return left;
  };
  const unary = (): Value => {
    if (isOp('!')) {
      p++;
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const tok = tokens[p++];
    if (!tok) throw new Error(`unexpected end of: ${src}`);
    if (tok.t === 'str' || tok.t === 'num') return tok.v;
    if (tok.t === 'op' && tok.v === '(') {
      const v = or();
      expectOp(')');
      return v;
    }
    if (tok.t !== 'id') throw new Error(`unexpected "${tok.v}" in: ${src}`);
    if (tok.v === 'true') return true;
    if (tok.v === 'false') return false;
    if (tok.v === 'null') return null;
    if (isOp('(')) {
      p++;
      expectOp(')');
      switch (tok.v) {
        case 'success':
          return !scope.failed;
        case 'failure':
          return scope.failed;
        case 'always':
          return true;
        case 'cancelled':
          return false;
        default:
          throw new Error(`unknown function ${tok.v}() in: ${src}`);
      }
    }
    if (!(tok.v in scope.contexts)) throw new Error(`unknown context "${tok.v}" in: ${src}`);
    let v: Value = scope.contexts[tok.v];
    for (;;) {
      let key: string;
      if (isOp('.')) {
        p++;
        const name = tokens[p++];
        if (name?.t !== 'id') throw new Error(`expected a property name in: ${src}`);
        key = name.v;
      } else if (isOp('[')) {
        p++;
        const k = or();
        expectOp(']');
        key = String(k);
      } else break;
      v = v !== null && typeof v === 'object' ? (v[key] ?? null) : null;
    }
    return v;
  };

  const value = or();
  if (p !== tokens.length) throw new Error(`unexpected "${tokens[p]!.v}" in: ${src}`);
  return value;
}

const asText = (v: Value): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Replaces every `${{ … }}` in a value. */
export function interpolate(text: string, scope: Scope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => asText(evaluate(expr, scope)));
}

/** An `if:` condition: a status function is implied when none is written. */
export function condition(src: string | undefined, scope: Scope): boolean {
  if (src === undefined) return !scope.failed;
  const bare = src.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const hasStatus = /\b(success|failure|always|cancelled)\s*\(/.test(bare);
  return truthy(evaluate(hasStatus ? bare : `success() && (${bare})`, scope));
}
