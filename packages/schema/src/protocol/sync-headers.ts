import { z } from 'zod';

/**
 * The headers a sync call reads besides `Authorization`: `X-Device-Id`,
 * which the SDK always sends and stock WatermelonDB apps never do (empty
 * reads as absent). Other headers pass through untouched.
 */
export const syncHeaders = z.looseObject({
  'x-device-id': z
    .string()
    .regex(/^([A-Za-z0-9_.-]{1,64})?$/, 'X-Device-Id must match [A-Za-z0-9_.-]{1,64}.')
    .optional()
    .meta({ description: 'The device, named by itself: 1 to 64 of A-Z a-z 0-9 _ . -' }),
});
