import type { Role } from '../../../domain/roles';

// Kept apart from common.tsx so the eager resource registration does not pull the pages' helpers into first load.
/** Who may change the registers: administrators everywhere, supervisors their territory's enterprises. */
export const REGISTRY_EDITORS: readonly Role[] = ['admin', 'supervisor'];
export const MANAGERS: readonly Role[] = ['admin', 'supervisor', 'leader'];
