import { CliError } from './cli-error.js';

/**
 * Reads one line from the terminal without echoing it. Ctrl+C or Ctrl+D
 * cancels (CliError).
 */
export function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: CliError) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (text: string) => {
      // A paste arrives as one chunk: take it character by character.
      for (const character of text) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003' || (character === '\u0004' && answer === '')) {
          return finish(new CliError('Cancelled.'));
        }
        if (character === '\u007f' || character === '\b')
          answer = [...answer].slice(0, -1).join('');
        else if (character >= ' ') answer += character;
      }
    };
    // Echo off before the question shows: a reply typed as soon as it
    // appears (a test on a pseudo-terminal, a fast typist) is not echoed.
    input.setRawMode(true);
    process.stderr.write(question);
    // A character split across two reads is joined before it reaches onData.
    input.setEncoding('utf8');
    input.resume();
    input.on('data', onData);
  });
}
