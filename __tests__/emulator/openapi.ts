/**
 * GitHub's published OpenAPI description (`@octokit/openapi`, dereferenced) as response validators.
 *
 * OpenAPI 3.0 is not quite JSON Schema: `nullable: true` becomes `anyOf [schema, null]`. On top of
 * the description, object schemas are closed with `unevaluatedProperties: false`, so a response may
 * carry only documented fields — a misspelt field (`tagName`) fails even where it is optional.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv2019Module from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/releases/{release_id}`. */
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const Ajv2019 = Ajv2019Module.default;
const addFormats = addFormatsModule.default;
const ANNOTATIONS = ['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'description', 'title'];

/** OpenAPI 3.0 schema → JSON Schema 2019-09, closing objects (see the file comment). */
export function toJsonSchema(input: unknown, inAllOf = false): unknown {
  if (Array.isArray(input)) return input.map((x) => toJsonSchema(x));
  if (input === null || typeof input !== 'object') return input;
  const src = input as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === 'nullable' || key.startsWith('x-') || ANNOTATIONS.includes(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (key === 'allOf' && Array.isArray(value)) {
      out.allOf = value.map((x) => toJsonSchema(x, true));
    } else if (key === 'enum' && Array.isArray(value) && src.nullable === true && !value.includes(null)) {
      out.enum = [...value, null];
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  const isObject = src.type === 'object' || src.properties !== undefined || src.allOf !== undefined;
  if (isObject && !inAllOf && src.additionalProperties === undefined) out.unevaluatedProperties = false;
  if (src.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

export function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  const seen = new Set<string>();
  for (const e of errors ?? []) {
    const where = e.instancePath || '(root)';
    const detail =
      e.keyword === 'unevaluatedProperties'
        ? `has undocumented property "${(e.params as { unevaluatedProperty: string }).unevaluatedProperty}"`
        : e.keyword === 'required'
          ? `is missing required property "${(e.params as { missingProperty: string }).missingProperty}"`
          : (e.message ?? e.keyword);
    seen.add(`${where} ${detail}`);
  }
  return [...seen];
}

export class OpenApiContract {
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly ajv = new Ajv2019({ strict: false, allErrors: true, logger: false, inlineRefs: false });
  private readonly interned = new Map<string, string>();

  private constructor(private readonly operations: Map<string, Operation>) {
    addFormats(this.ajv);
    for (const f of ['int32', 'int64', 'double', 'float', 'binary', 'repo.nwo', 'timestamp'])
      this.ajv.addFormat(f, true);
  }

  /** Loads the dereferenced description, keeping only the operations asked for (it is 70 MB). */
  static load(operationIds: Iterable<string>): OpenApiContract {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
    const spec = JSON.parse(readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const wanted = new Set(operationIds);
    const operations = new Map<string, Operation>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const o = op as { operationId?: string; responses?: Operation['responses'] };
        if (o?.operationId && wanted.has(o.operationId)) {
          operations.set(o.operationId, {
            operationId: o.operationId,
            method: method.toUpperCase(),
            path,
            responses: o.responses ?? {},
          });
        }
      }
    }
    return new OpenApiContract(operations);
  }

  operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`operation ${operationId} is not in GitHub's OpenAPI description`);
    return op;
  }

  /** True when `path` (no query) is an instance of the operation's path template. */
  pathMatches(operationId: string, path: string): boolean {
    const literal = this.operation(operationId)
      .path.split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
    return new RegExp(`^${literal.join('[^?#]+')}$`).test(path);
  }

  /** Whether the status is documented, and whether it documents a JSON body. */
  documents(operationId: string, status: number): { status: boolean; body: boolean } {
    const r = this.operation(operationId).responses[String(status)];
    return { status: r !== undefined, body: r?.content?.['application/json']?.schema !== undefined };
  }

  /**
   * The dereferenced description repeats shared schemas (a user, a repository) in full wherever
   * they appear; compiling each copy is what makes validation slow. Identical object schemas are
   * registered once and referenced, bottom-up, so each is compiled once for all operations.
   */
  private intern(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((x) => this.intern(x));
    if (node === null || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node as Schema).map(([k, v]) => [k, this.intern(v)]));
    if (out.properties === undefined) return out;
    const key = JSON.stringify(out);
    if (key.length < 400) return out;
    let id = this.interned.get(key);
    if (id === undefined) {
      id = `shared:${this.interned.size}`;
      this.interned.set(key, id);
      this.ajv.addSchema({ ...out, $id: id });
    }
    return { $ref: id };
  }

  /** Problems with `body` as the response `status` of the operation; [] when it conforms. */
  validate(operationId: string, status: number, body: unknown): string[] {
    const doc = this.documents(operationId, status);
    if (!doc.status) return [`status ${status} is not documented for ${operationId}`];
    if (!doc.body) return [];
    const key = `${operationId} ${status}`;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema =
        this.operation(operationId).responses[String(status)]?.content?.['application/json']?.schema;
      validate = this.ajv.compile(this.intern(toJsonSchema(schema)) as Schema);
      this.validators.set(key, validate);
    }
    if (validate === null) return [];
    return validate(body) ? [] : formatErrors(validate.errors);
  }
}
