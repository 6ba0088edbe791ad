import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics}from"./chunk-HVNOH2CY.js";import"./chunk-LXFF3DOZ.js";import"./chunk-OE43MLKA.js";import"./chunk-BEZX7ZIR.js";import"./chunk-4WIEE7L2.js";export{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics};
