// @clinicsync/testing/cli: runs the `clinicsync` command as processes (built
// first), on fresh storage.
export {
  binPath,
  buildOnce,
  freshStorage,
  killServers,
  runCli,
  runCliOnTerminal,
  signIn,
  startServer,
} from './cli/run-cli.js';
export type { RunResult, ServerProcess, Storage, TerminalAnswer } from './cli/run-cli.js';
