// Copies the message catalogs next to the ESM build (dist/esm/i18n/locales), where
// src/i18n/catalogs.ts fetches them relative to its own URL.
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist/esm/i18n/locales', { recursive: true });
cpSync('src/i18n/locales', 'dist/esm/i18n/locales', { recursive: true });
