/** Who is writing, and from which point of the change feed. */
export interface Actor {
  readonly userId: string | null;
  readonly deviceId: string | null;
  /** The `last_pulled_at` the write is based on (the timestamp of the pull just before it). */
  readonly cursor: number | null;
  /**
   * The cursor the device held before that pull. A column someone else
   * changed after it is a conflict, even if the device merged it during its pull.
   */
  readonly conflictBase: number | null;
}

/** The server itself (administration calls, seeding): no device, no conflicts to detect. */
export function serverActor(userId: string | null): Actor {
  return { userId, deviceId: null, cursor: null, conflictBase: null };
}
