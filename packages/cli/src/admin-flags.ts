import type { StorageFlags } from './storage-options.js';

/** The flags of `clinicsync admin create`. */
export interface AdminCreateFlags extends StorageFlags {
  readonly email: string;
  readonly name: string;
}

/** The flags of `clinicsync admin reset-password`. */
export interface ResetPasswordFlags extends StorageFlags {
  readonly email: string;
}
