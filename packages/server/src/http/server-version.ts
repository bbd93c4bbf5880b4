import { readFileSync } from 'node:fs';

/** This package's version, as `/api/health` and the OpenAPI document show it. */
export const serverVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
