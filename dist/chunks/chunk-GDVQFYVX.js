import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-MJTJBKWS.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-ZXIGCEAJ.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-SNCSXB2N.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-56NRHSOZ.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-CISXTNSE.js")).default },
  status: { action: null, load: async () => (await import("./status-HB6EZ73N.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
