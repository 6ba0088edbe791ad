/** This tool's version, recorded in every evidence file (a test keeps it equal to package.json's). */
export const TOOL_VERSION = '0.1.0';
