import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  configSchema,
  jsonSchema
} from "./chunk-TPKCOUBV.js";
import "./chunk-4Q675M22.js";
import "./chunk-JMMVXS76.js";
import "./chunk-2UNPAZD7.js";
export {
  configSchema,
  jsonSchema
};
