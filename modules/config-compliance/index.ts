export * from './managed-rules';
export * from './recorder';
export * from './rules';
export * from './controls';
