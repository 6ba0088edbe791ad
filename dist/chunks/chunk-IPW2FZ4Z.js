import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-N7GQ7SGV.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-A5JM6UM3.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-5LT6V2IM.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-VOW2N7BE.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-ZOZZNW6S.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
