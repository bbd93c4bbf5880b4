import { z } from 'zod';

/** Ids that devices and the server accept (PROTOCOL.md, "Data model on the wire"). */
export const idPattern = /^[A-Za-z0-9_.-]{1,64}$/;

/** A record's id: chosen by whoever created it, a UUID or a WatermelonDB id. */
export const recordId = z
  .string()
  .regex(idPattern, 'An id is 1 to 64 of A-Z a-z 0-9 _ . -')
  .meta({ id: 'RecordId', description: 'A record id: 1 to 64 of A-Z a-z 0-9 _ . -' });
