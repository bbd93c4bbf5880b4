import type { ConflictMode } from '@clinicsync/server';
import type { StorageFlags } from './storage-options.js';

/** The flags of `clinicsync serve`, after commander has parsed and checked them. */
export interface ServeFlags extends StorageFlags {
  readonly port: number;
  /** A streaming replica of the PostgreSQL database, for pulls. */
  readonly databaseReadUrl?: string | undefined;
  readonly host: string;
  readonly demo?: boolean;
  readonly maxBodyMb: number;
  readonly requestTimeoutS: number;
  readonly syncConflicts: ConflictMode;
  readonly logLevel: string;
  readonly tokenTtlHours: number;
  /** PEM files to serve HTTPS with; both or neither. */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly trustProxy: boolean | string;
  /** Full pulls (first syncs) one user may start per hour; 0 for no limit. */
  readonly fullPullsPerHour: number;
  /** Full pulls of one user at once. */
  readonly fullPullsAtOnce: number;
}
