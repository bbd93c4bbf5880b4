#!/usr/bin/env node
// The `clinicsync` command: runs the compiled CLI (npm install builds it).
let main;
try {
  ({ main } = await import('../dist/main.js'));
} catch (error) {
  if (
    error &&
    error.code === 'ERR_MODULE_NOT_FOUND' &&
    String(error.message).includes('dist/main.js')
  ) {
    process.stderr.write(
      'clinicsync: the command line is not built yet; run `npm run build` (or `npm install`) first.\n',
    );
    process.exit(1);
  }
  throw error;
}
const code = await main(process.argv);
process.exitCode = code;
// Everything is closed by now; if a stray handle would keep the process alive, end it anyway.
setTimeout(() => process.exit(code), 3000).unref();
