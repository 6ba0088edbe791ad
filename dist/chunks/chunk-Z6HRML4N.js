import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-5PR4XQID.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-TH6M4HEW.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-KTHV45FZ.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-JHNPZJMU.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-JGUQKRHC.js")).default },
  status: { action: null, load: async () => (await import("./status-NWLZ556S.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
