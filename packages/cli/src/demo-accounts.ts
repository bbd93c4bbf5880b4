import type { DemoClinicPlan } from '@clinicsync/server';

/** What `serve --demo` creates, by name (the server writes it: `createDemoClinic`). */
export const demoClinic: DemoClinicPlan = {
  clinicName: 'Demo Clinic',
  adminEmail: 'admin@demo.clinicsync.local',
  providerEmail: 'provider@demo.clinicsync.local',
  patients: 200,
};
