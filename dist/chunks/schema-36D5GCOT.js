import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
import {
  configSchema,
  jsonSchema
} from "./chunk-XE5BKFHW.js";
import "./chunk-FFBNLGT7.js";
import "./chunk-CEYLEXXP.js";
import "./chunk-2UNPAZD7.js";
export {
  configSchema,
  jsonSchema
};
