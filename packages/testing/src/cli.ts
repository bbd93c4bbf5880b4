// @clinicsync/testing/cli: runs the `clinicsync` command as processes (built
// first), on fresh storage.
export {
  binPath,
  buildOnce,
  freshStorage,
  killServers,
  runCli,
  signIn,
  startServer,
} from './cli/run-cli.js';
export type { RunResult, ServerProcess, Storage } from './cli/run-cli.js';
