// @clinicsync/testing/fixtures: wire rows and push bodies, no database needed.
export { asPushed, makeRow, sampleRow, sampleValue } from './fixtures/wire-rows.js';
export { bigPush } from './fixtures/big-push.js';
