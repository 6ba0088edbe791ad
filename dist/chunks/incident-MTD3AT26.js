import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import{incident,rollbackIncident,severity}from"./chunk-HTBGAIZJ.js";import"./chunk-OM4D3GRS.js";import"./chunk-F5RHIPQS.js";import"./chunk-4WIEE7L2.js";export{incident,rollbackIncident,severity};
