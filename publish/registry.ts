/** Every module `npm run modules` generates, in README order. */
import type { ModuleDefinition } from './definition';
import secureBucket from './definitions/secure-bucket';

export const MODULE_DEFINITIONS: readonly ModuleDefinition[] = [secureBucket];
