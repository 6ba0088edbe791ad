import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics}from"./chunk-5YID45QK.js";import"./chunk-7GPX2G3A.js";import"./chunk-J3AGNHL5.js";import"./chunk-OE43MLKA.js";import"./chunk-4WIEE7L2.js";export{MAX_JUDGE_LOOKS,analysis,analysisJudge,condition,metric,metricEntry,metricJudge,metricJudges,metricSchemas,namedMetrics};
