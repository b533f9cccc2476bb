export * from './selectors';
export * from './trail';
