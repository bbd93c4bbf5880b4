import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiJsonBytes } from '../../src/sync/pull/ascii-json.js';

// A pulled page is sent as ASCII JSON: whatever its text, a parser reads
// back the same values, and no byte is beyond ASCII.
const isAscii = (bytes: Buffer) => bytes.every((byte) => byte < 0x80);

describe('ASCII JSON', () => {
  it('parses to the same values, in bytes that are all ASCII', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const json of [JSON.stringify(value), JSON.stringify({ text, value })]) {
          const bytes = asciiJsonBytes(json);
          expect(isAscii(bytes)).toBe(true);
          expect(JSON.parse(bytes.toString('utf8'))).toEqual(JSON.parse(json));
        }
      }),
    );
  });

  it('keeps ASCII as it is and escapes names, accents, emoji and lone surrogates', () => {
    expect(asciiJsonBytes('{"id":"p1"}').toString()).toBe('{"id":"p1"}');
    const json = JSON.stringify({ n: 'فاطمة Flórez 👩🏽‍⚕️', s: '\ud800', line: '\u2028' });
    const bytes = asciiJsonBytes(json);
    expect(bytes.toString()).toBe(
      '{"n":"\\u0641\\u0627\\u0637\\u0645\\u0629 Fl\\u00f3rez \\ud83d\\udc69\\ud83c\\udffd\\u200d\\u2695\\ufe0f","s":"\\ud800","line":"\\u2028"}',
    );
    expect(JSON.parse(bytes.toString())).toEqual(JSON.parse(json));
  });
});
