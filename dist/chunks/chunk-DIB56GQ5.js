import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-67NJUJHO.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-HGQUMHRM.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-Y6CMQ2XG.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-5C2NSNIH.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-LWXSOHQB.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
