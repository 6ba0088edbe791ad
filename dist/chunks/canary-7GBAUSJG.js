import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{canary,templates}from"./chunk-JOVO7D7H.js";import"./chunk-EA6QASMN.js";import"./chunk-SPD32PZ5.js";import"./chunk-EER6EJ37.js";import"./chunk-QTSLT6OR.js";import"./chunk-6CVXOAI3.js";import"./chunk-B66BLS4F.js";import"./chunk-OE43MLKA.js";import"./chunk-3HOT2D27.js";import"./chunk-REXPHQIH.js";import"./chunk-5HXCQTSK.js";import"./chunk-F5RHIPQS.js";import"./chunk-4WIEE7L2.js";export{canary,templates};
