import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{EVIDENCE_SCHEMA_ID,evidenceEnvelope,evidenceJsonSchema,evidenceProblems,evidenceSchema,runFactsOf}from"./chunk-BGLPRVVL.js";import"./chunk-4O3MXRUZ.js";import"./chunk-4EYCR64C.js";import"./chunk-KGNO24AF.js";import"./chunk-3HOT2D27.js";import"./chunk-UTT7BLUM.js";import"./chunk-OM4D3GRS.js";import"./chunk-F5RHIPQS.js";import"./chunk-4WIEE7L2.js";export{EVIDENCE_SCHEMA_ID,evidenceEnvelope,evidenceJsonSchema,evidenceProblems,evidenceSchema,runFactsOf};
