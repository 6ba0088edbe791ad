import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import type { ZodMiniType } from 'zod/mini';
import { ConfigError, type ConfigProblem } from '../errors.js';
import './schema/locale.js';
import { describe } from './duration.js';
import type { Config, ConfigSection } from './schema/index.js';
import type { IncidentConfig } from './schema/incident.js';
import type { ConfigRead } from './schema/sections.js';

export const DEFAULT_CONFIG_PATH = '.github/release-ops.yml';

/** Where each key of the config sits in its file, so later errors (e.g. a failed check) can point at it. */
export interface SourceMap {
  file: string;
  /** Line (1-based) of the node at `path`, or of its closest existing ancestor. */
  lineOf(path: (string | number)[]): number;
}

/**
 * The config as checked for the sections (and parts of sections) `S`: the other sections are left out;
 * a section of which only a part is read holds only that part.
 */
export type ConfigFor<S extends ConfigRead> = Omit<Config, Exclude<ConfigSection, S>> &
  ('rollback.incident' extends S
    ? 'rollback' extends S
      ? unknown
      : { rollback?: { incident: IncidentConfig } }
    : unknown);

export interface LoadedConfig<S extends ConfigRead = ConfigSection> {
  config: ConfigFor<S>;
  source: SourceMap;
}

/**
 * Parses config text and validates it with `schema` (the full one, or one from configSchemaFor). Every
 * problem is reported at once, each as `file:line:column key.path: what was expected, what was
 * found`. Throws ConfigError. Top-level keys the schema accepts unchecked are left out of the result.
 */
export function parseConfigText<S extends ConfigRead>(
  schema: ZodMiniType,
  text: string,
  file: string,
  unchecked: readonly string[] = [],
): LoadedConfig<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problems: ConfigProblem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(e.pos[0]);
    problems.push({ file, line: pos.line, column: pos.col, message: `YAML ${yamlMessage(e.message)}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    // An undefined alias (`*a`) or an alias bomb: the yaml library throws instead of reporting.
    throw new ConfigError({
      file,
      line: 1,
      column: 1,
      message: `YAML ${yamlMessage((err as Error).message)}`,
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError({
      file,
      line: 1,
      column: 1,
      message: `expected a mapping with gate:, canary:, promote: or rollback:, found ${describe(data)}`,
    });
  }
  const source = sourceMap(doc, lineCounter, file);
  const result = schema.safeParse(data);
  if (!result.success) {
    const found = result.error.issues.map((issue) => toProblem(issue, data, doc, lineCounter, file));
    // In file order, so the list reads top to bottom like the file.
    found.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    throw new ConfigError(found);
  }
  const config = { ...(result.data as Record<string, unknown>) };
  for (const key of unchecked) delete config[key];
  return { config: config as ConfigFor<S>, source };
}

function sourceMap(doc: Document, lc: LineCounter, file: string): SourceMap {
  return {
    file,
    lineOf(path) {
      const { node } = locate(doc, path);
      return node?.range ? lc.linePos(node.range[0]).line : 1;
    },
  };
}

/** The deepest node that exists along `path`, and whether the whole path was found. */
function locate(doc: Document, path: PropertyKey[]): { node: Node | null; found: boolean; keyNode?: Node } {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return { node: node as Node, found: false };
      keyNode = pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
      node = node.items[seg];
      keyNode = undefined;
    } else {
      return { node: (node as Node) ?? null, found: false };
    }
  }
  return { node: (node as Node) ?? null, found: true, keyNode };
}

function keyPath(path: PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${String(seg)}` : String(seg);
  return out || '(top level)';
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let cur: any = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

function toProblem(
  issue: z.core.$ZodIssue,
  data: unknown,
  doc: Document,
  lc: LineCounter,
  file: string,
): ConfigProblem {
  const path = issue.path as PropertyKey[];
  const found = valueAt(data, path);
  let message: string;
  let pointAt = locate(doc, path);
  let key = keyPath(path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const unknownKey = issue.keys[0]!;
      message = `unknown key "${issue.keys.join('", "')}" (a misspelt key would silently disable a setting)`;
      pointAt = locate(doc, [...path, unknownKey]);
      key = keyPath([...path, unknownKey]);
      if (pointAt.keyNode) pointAt = { node: pointAt.keyNode, found: true };
      break;
    }
    case 'invalid_type':
      message =
        found === undefined
          ? `is required (expected ${issue.expected})`
          : `expected ${issue.expected}, found ${describe(found)}`;
      break;
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      if (note === 'No matching discriminator') {
        const options = discriminatorOptions(issue);
        message =
          found === undefined
            ? `is required${options ? `: one of ${options}` : ''}`
            : `expected one of ${options ?? 'the known values'}, found ${describe(found)}`;
      } else {
        message = `${issue.message}, found ${describe(found)}`;
      }
      break;
    }
    case 'invalid_value':
      message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(found)}`;
      break;
    case 'too_small':
    case 'too_big':
      message = `${issue.message}${found !== undefined && typeof found !== 'object' ? `, found ${describe(found)}` : ''}`;
      break;
    default:
      message = issue.message;
  }
  const node = pointAt.node;
  const pos = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
  return { file, line: pos.line, column: pos.col, key, message };
}

function discriminatorOptions(issue: any): string | undefined {
  const opts =
    issue.options ??
    issue.errors
      ?.flat?.()
      .map?.((e: any) => e.values)
      .flat?.();
  if (Array.isArray(opts) && opts.length) return opts.map((o: unknown) => JSON.stringify(o)).join(', ');
  return undefined;
}

function yamlMessage(msg: string): string {
  return msg.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
}
