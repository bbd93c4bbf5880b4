/** What `serve --demo` creates, by name. */
export const demoAdminEmail = 'admin@demo.clinicsync.local';
export const demoProviderEmail = 'provider@demo.clinicsync.local';
export const demoClinicName = 'Demo Clinic';
export const demoPatients = 200;
