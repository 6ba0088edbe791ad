import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{rollback,severity}from"./chunk-LKSUV4AO.js";import"./chunk-THWFSOWE.js";import"./chunk-GNMOVOQR.js";import"./chunk-SPD32PZ5.js";import"./chunk-TOLP4CWQ.js";import"./chunk-6CVXOAI3.js";import"./chunk-AIEOJ533.js";import"./chunk-B66BLS4F.js";import"./chunk-5HXCQTSK.js";import"./chunk-ESZFJCBC.js";import"./chunk-T2HHLFEC.js";import"./chunk-OE43MLKA.js";import"./chunk-4WIEE7L2.js";export{rollback,severity};
