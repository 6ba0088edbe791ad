import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-PEVNHL22.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-H63IKI6S.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-5AZF4GSG.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-IRTHY7KA.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-NIFH2EN5.js")).default },
  status: { action: null, load: async () => (await import("./status-MIPGO66J.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
