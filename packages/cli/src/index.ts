// The command line package's public entry: the program, and opening the
// database the way the commands do (the data directory lock, one-line
// errors) for scripts such as the soak. The bin imports main.js directly, so
// that `--help` does not load the server.
export { buildProgram, main } from './main.js';
export { openCliDatabase, withCliDatabase } from './open-cli-database.js';
export type { CliDatabase } from './open-cli-database.js';
export type { StorageFlags } from './storage-options.js';
