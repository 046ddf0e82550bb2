/** The console's constants, apart from its zod schemas so the console's bundle can use them without zod. */
export const STAFF_ROLES = ['admin', 'operator', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Passwords people choose: long rather than clever (NIST SP 800-63B: at least 12 here, any characters). */
export const STAFF_PASSWORD_MIN = 12;
