import type { ConflictMode } from '@clinicsync/server';
import type { StorageFlags } from './storage-options.js';

/** The flags of `clinicsync serve`, after commander has parsed and checked them. */
export interface ServeFlags extends StorageFlags {
  readonly port: number;
  readonly host: string;
  readonly demo?: boolean;
  readonly maxBodyMb: number;
  readonly requestTimeoutS: number;
  readonly syncConflicts: ConflictMode;
  readonly logLevel: string;
  readonly tokenTtlHours: number;
}
