import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/commit-status/classify.ts
var GREEN_CONCLUSIONS = /* @__PURE__ */ new Set(["success", "skipped", "neutral"]);
function classify(runs, statuses, ignore) {
  const byName = (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  const latestRun = /* @__PURE__ */ new Map();
  for (const r of runs) {
    const prev = latestRun.get(r.name);
    if (!prev || r.id > prev.id) latestRun.set(r.name, r);
  }
  const runItems = [...latestRun.values()].map(
    (r) => r.status !== "completed" ? { kind: "check_run", name: r.name, raw: r.status, state: "pending" } : {
      kind: "check_run",
      name: r.name,
      raw: r.conclusion ?? "none",
      state: GREEN_CONCLUSIONS.has(r.conclusion ?? "") ? "green" : "red"
    }
  );
  const seen = /* @__PURE__ */ new Set();
  const statusItems = [];
  for (const s of statuses) {
    if (seen.has(s.context)) continue;
    seen.add(s.context);
    const state = s.state === "success" ? "green" : s.state === "pending" ? "pending" : "red";
    statusItems.push({ kind: "status", name: s.context, raw: s.state, state });
  }
  const all = [...runItems.sort(byName), ...statusItems.sort(byName)];
  return { items: all.filter((i) => !ignore.has(i.name)), ignored: all.filter((i) => ignore.has(i.name)) };
}

export {
  GREEN_CONCLUSIONS,
  classify
};
