import { describe, expect, test } from 'vitest';
import {
  clinicsRefusal,
  formClinicsRefusal,
  grantRefusal,
  manageRefusal,
  organisationRefusal,
  seeRefusal,
} from '../../src/admin/admin-reach.js';
import type { AdminReach } from '../../src/admin/admin-reach.js';

const superAdmin: AdminReach = {
  userId: 'boss',
  role: 'super_admin',
  whole: true,
  clinics: new Set(),
};
const adminOfA: AdminReach = {
  userId: 'amira',
  role: 'admin',
  whole: false,
  clinics: new Set(['a', 'a2']),
};

describe('grantRefusal', () => {
  test('an admin grants admin, provider and registrar; only a super_admin grants super_admin', () => {
    for (const role of ['admin', 'provider', 'registrar'] as const) {
      expect(grantRefusal(adminOfA, role)).toBeUndefined();
    }
    expect(grantRefusal(adminOfA, 'super_admin')).toMatch(/Only a super_admin/);
    expect(grantRefusal(superAdmin, 'super_admin')).toBeUndefined();
  });
});

describe('clinicsRefusal', () => {
  test('an admin places users in their own clinics only, and names the others', () => {
    expect(clinicsRefusal(adminOfA, ['a', 'a2', 'a'])).toBeUndefined();
    expect(clinicsRefusal(adminOfA, ['a', 'b', 'c'])).toMatch(/b, c are not among them/);
    expect(clinicsRefusal(adminOfA, [''])).toBeDefined();
    expect(clinicsRefusal(superAdmin, ['b', ''])).toBeUndefined();
  });
});

describe('manageRefusal', () => {
  test('an admin manages users all of whose clinics are theirs, never a super_admin', () => {
    const user = (role: 'admin' | 'provider' | 'super_admin', clinics: string[]) => ({
      id: 'u1',
      role,
      clinics,
    });
    expect(manageRefusal(adminOfA, user('provider', ['a']))).toBeUndefined();
    expect(manageRefusal(adminOfA, user('admin', ['a', 'a2']))).toBeUndefined();
    expect(manageRefusal(adminOfA, user('provider', ['a', 'b']))).toMatch(/clinic b/);
    expect(manageRefusal(adminOfA, user('admin', ['b']))).toMatch(/clinic b/);
    expect(manageRefusal(adminOfA, user('provider', []))).toMatch(/no clinic/);
    expect(manageRefusal(adminOfA, user('super_admin', ['a']))).toMatch(/super_admin/);
    expect(manageRefusal(superAdmin, user('super_admin', []))).toBeUndefined();
  });
});

describe('seeRefusal', () => {
  test('an admin sees users who share one of their clinics, never a super_admin', () => {
    expect(
      seeRefusal(adminOfA, { id: 'u', role: 'provider', clinics: ['b', 'a2'] }),
    ).toBeUndefined();
    expect(seeRefusal(adminOfA, { id: 'u', role: 'provider', clinics: ['b'] })).toBeDefined();
    expect(seeRefusal(adminOfA, { id: 'u', role: 'super_admin', clinics: ['a'] })).toBeDefined();
    expect(seeRefusal(superAdmin, { id: 'u', role: 'provider', clinics: ['b'] })).toBeUndefined();
  });
});

describe('organisation-wide things', () => {
  test('clinics, registration forms and forms for every clinic need a super_admin', () => {
    expect(organisationRefusal(adminOfA, 'create a clinic')).toBe(
      'Only a super_admin may create a clinic.',
    );
    expect(organisationRefusal(superAdmin, 'create a clinic')).toBeUndefined();
    expect(formClinicsRefusal(adminOfA, [])).toBeDefined();
    expect(formClinicsRefusal(adminOfA, ['a'])).toBeUndefined();
    expect(formClinicsRefusal(adminOfA, ['a', 'b'])).toBeDefined();
    expect(formClinicsRefusal(superAdmin, [])).toBeUndefined();
  });
});
