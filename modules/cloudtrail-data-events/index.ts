export * from './selectors';
export * from './trail';
export * from './controls';
