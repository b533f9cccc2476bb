export * from './validation';
export * from './rules';
export * from './opt-out';
export * from './environment';
export * from './policy';
export * from './tags';
export * from './service-values';
export * from './service-role';
