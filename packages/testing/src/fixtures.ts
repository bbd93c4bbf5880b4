// @clinicsync/testing/fixtures: wire rows and push bodies, no database needed.
export {
  asPushed,
  clinicLinks,
  clinicalRow,
  makeRow,
  sampleRow,
  sampleValue,
  writerLinks,
} from './fixtures/wire-rows.js';
export { bigPush } from './fixtures/big-push.js';
