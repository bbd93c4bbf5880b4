import { Option } from 'commander';
import { parseDatabaseUrl } from './option-values.js';

/** The storage flags every command that opens the database takes. */
export interface StorageFlags {
  readonly data: string;
  readonly databaseUrl?: string | undefined;
}

export function dataOption(): Option {
  return new Option(
    '--data <dir>',
    'directory of the embedded database (PGlite); unused when DATABASE_URL is set',
  ).default('./data');
}

export function databaseUrlOption(): Option {
  return new Option(
    '--database-url <url>',
    'use this PostgreSQL database instead of the embedded one',
  )
    .env('DATABASE_URL')
    .argParser(parseDatabaseUrl);
}

export function databaseReadUrlOption(): Option {
  return new Option(
    '--database-read-url <url>',
    'a streaming replica of --database-url that pulls are read from once it has caught up with the device',
  )
    .env('DATABASE_READ_URL')
    .argParser(parseDatabaseUrl);
}
