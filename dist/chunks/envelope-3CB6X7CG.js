import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{EVIDENCE_SCHEMA_ID,evidenceEnvelope,evidenceJsonSchema,evidenceProblems,evidenceSchema,runFactsOf}from"./chunk-AAEJE4C2.js";import"./chunk-4O3MXRUZ.js";import"./chunk-KGNO24AF.js";import"./chunk-ESZFJCBC.js";import"./chunk-T2HHLFEC.js";import"./chunk-4WIEE7L2.js";export{EVIDENCE_SCHEMA_ID,evidenceEnvelope,evidenceJsonSchema,evidenceProblems,evidenceSchema,runFactsOf};
