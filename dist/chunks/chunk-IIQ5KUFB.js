import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  parseDuration
} from "./chunk-JMMVXS76.js";
import {
  ConfigError
} from "./chunk-3TUOJGC2.js";

// src/commands/inputs.ts
var CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;
var COMMON_INPUTS = {
  config: {
    description: "Path of the release-ops config file",
    default: ".github/release-ops.yml",
    placeholder: "FILE"
  },
  "config-inline": {
    description: "The config as inline YAML; used instead of the file when set",
    default: "",
    placeholder: "YAML",
    multiline: true
  },
  "dry-run": {
    description: "Validate and print what would happen; run nothing, write nothing",
    default: "false",
    kind: "boolean"
  },
  "github-token": {
    description: "Token for the GitHub API (the CLI reads GITHUB_TOKEN)",
    default: "${{ github.token }}",
    kind: "secret",
    actionOnly: true
  },
  "artifacts-dir": {
    description: "Directory for evidence files (default $OPS_ARTIFACTS_DIR, then ./artifacts)",
    default: "",
    placeholder: "DIR"
  }
};
var Inputs = class {
  constructor(specs, get) {
    this.specs = specs;
    this.get = get;
  }
  specs;
  get;
  raw(name) {
    const spec = this.specs[name];
    if (!spec) throw new Error(`bug: input "${name}" is read but not declared`);
    const v = this.get(name);
    const value = v === void 0 || v === "" ? spec.default ?? "" : v;
    if (spec.required && value.trim() === "") throw ConfigError.input(name, "is required");
    return value;
  }
  string(name) {
    const v = this.raw(name).trim();
    const bad = this.specs[name]?.multiline ? void 0 : CONTROL.exec(v)?.[0];
    if (bad !== void 0) {
      const code = `U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
      throw ConfigError.input(
        name,
        `must be a single line of text, found ${bad === "\n" || bad === "\r" ? "a line break" : "a control character"} (${code})`
      );
    }
    return v === "" ? void 0 : v;
  }
  bool(name) {
    const v = this.raw(name).trim().toLowerCase();
    if (["true", "yes", "1", "on"].includes(v)) return true;
    if (["false", "no", "0", "off", ""].includes(v)) return false;
    throw ConfigError.input(name, `expected true or false, found "${v}"`);
  }
  /** Milliseconds, or undefined when empty. */
  duration(name) {
    const v = this.string(name);
    if (v === void 0) return void 0;
    const d = parseDuration(v);
    if ("error" in d) throw ConfigError.input(name, d.error);
    return d.ms;
  }
  enum(name) {
    const v = this.string(name);
    const values = this.specs[name]?.values ?? [];
    if (v !== void 0 && !values.includes(v)) {
      throw ConfigError.input(name, `expected one of ${values.join(", ")}, found "${v}"`);
    }
    return v;
  }
  /** Comma- or newline-separated list. */
  list(name) {
    const v = this.raw(name);
    return v.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  }
};

export {
  COMMON_INPUTS,
  Inputs
};
