export * from './policy';
export * from './access-point';
export * from './controls';
