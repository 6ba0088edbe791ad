import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics}from"./chunk-U5E46SO4.js";import"./chunk-6LRS6JE5.js";import"./chunk-OE43MLKA.js";import"./chunk-ATQG6YTY.js";import"./chunk-TUXMJ3KW.js";import"./chunk-4WIEE7L2.js";export{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics};
