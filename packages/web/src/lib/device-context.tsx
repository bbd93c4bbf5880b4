import { createContext, useContext } from 'react';
import type { Device } from './device.js';

export const DeviceContext = createContext<Device | null>(null);

/** The open device; only inside the signed-in part of the app. */
export function useDevice(): Device {
  const device = useContext(DeviceContext);
  if (device === null) throw new Error('useDevice outside of DeviceContext');
  return device;
}
