/** The bundle's entry points: `index.handler` scans, `index.refresh` refreshes the definitions. */
export { handler } from './handler';
export { handler as refresh } from './refresh';
