import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commands/index.ts
var COMMANDS = {
  gate: { action: "readiness-gate", load: async () => (await import("./gate-O54CQXLU.js")).default },
  canary: { action: "canary-promote", load: async () => (await import("./canary-7B6BPVJH.js")).default },
  promote: { action: "rc-to-ga", load: async () => (await import("./promote-HQI2P5UJ.js")).default },
  rollback: { action: "auto-rollback", load: async () => (await import("./rollback-5E7FTBKT.js")).default },
  hotfix: { action: null, load: async () => (await import("./hotfix-JGUQKRHC.js")).default },
  status: { action: null, load: async () => (await import("./status-DSZJJTW7.js")).default }
};
var SCHEMA_SUMMARY = "Print the JSON Schema of the config file, for editor completion";

export {
  COMMANDS,
  SCHEMA_SUMMARY
};
