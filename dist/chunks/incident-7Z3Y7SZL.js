import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{incident,rollbackIncident,severity}from"./chunk-SG5DILQU.js";import"./chunk-YKIHPXYT.js";import"./chunk-TUXMJ3KW.js";import"./chunk-4WIEE7L2.js";export{incident,rollbackIncident,severity};
