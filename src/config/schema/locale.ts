/**
 * zod's English messages, which the config's errors quote (`Too small: expected string to have >=1
 * characters`). Classic zod installs them when its first schema is built; zod/mini does not: a module
 * that parses with zod/mini schemas imports this one, or every problem would read `Invalid input`.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
