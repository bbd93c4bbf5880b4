import { z } from 'zod';

/** `GET /api/admin/devices?user_id`: every device, or one user's. */
export const devicesQuery = z.object({ user_id: z.string().min(1).max(64).optional() });
export type DevicesQuery = z.output<typeof devicesQuery>;

/** One user's device as the sync log knows it (PROTOCOL.md, "Administration"). */
export const deviceEntry = z
  .object({
    user: z.string().nullable().meta({ description: "the device's user id" }),
    user_name: z.string().nullable().meta({ description: "the user's name" }),
    user_email: z.string().nullable().meta({ description: "the user's email" }),
    device: z
      .string()
      .nullable()
      .meta({ description: 'the X-Device-Id it sends; null for syncs that sent none' }),
    last_pull_at: z.number().int().nullable().meta({ description: 'epoch milliseconds' }),
    last_push_at: z.number().int().nullable().meta({ description: 'epoch milliseconds' }),
    schema_version: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'the schemaVersion its last pull sent' }),
    pending_rejections: z
      .number()
      .int()
      .meta({ description: 'the records its last push had refused (0 without a push)' }),
    last_error: z
      .object({
        code: z.string().meta({ description: 'the error code the server answered with' }),
        kind: z.enum(['pull', 'push']),
        at: z.number().int().meta({ description: 'epoch milliseconds' }),
      })
      .nullable()
      .meta({
        description: 'its latest refused or failed sync, if one came after its last good one',
      }),
  })
  .meta({ id: 'DeviceEntry' });
export type DeviceEntry = z.output<typeof deviceEntry>;

/** `GET /api/admin/devices`: by user, then device. */
export const devicesList = z.object({ devices: z.array(deviceEntry) }).meta({ id: 'DevicesList' });
