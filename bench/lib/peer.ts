/**
 * The peer side of the orchestrator protocol: a peer reads its input as JSON
 * from argv[2], writes `@@<kind> <json>` lines on stdout, and reports its own
 * peak RSS at exit (process.resourceUsage().maxRSS, exact, unlike sampling).
 */
export function peerInput<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

export function sendMessage(kind: string, data: object): void {
  process.stdout.write(`@@${kind} ${JSON.stringify(data)}\n`);
}

/**
 * Runs a peer: its result goes out as `@@result`, a failure as one error line
 * and exit code 1. The orchestrator holds our stdin open; when it dies the
 * pipe closes and we exit too, so no peer outlives a killed benchmark.
 */
export function runPeer(main: () => Promise<object>): void {
  process.stdin.on('end', () => process.exit(2));
  process.stdin.resume();
  main().then(
    (result) => {
      sendMessage('result', { ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 });
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `peer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
