#!/usr/bin/env node
// `colloquy-server` (and `npm start`): the reference server. It is written in TypeScript and run
// from its sources through tsx, which this package depends on; configuration is read from the
// environment (server/config.ts: PORT, HOST, COLLOQUY_DB, …).
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
