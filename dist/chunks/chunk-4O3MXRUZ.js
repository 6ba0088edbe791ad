import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);
var TOOL_VERSION="0.1.0";export{TOOL_VERSION};
