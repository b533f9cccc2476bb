export * from './app';
export * from './base';
export * from './config';
export * from './secure-data-stack';
export * from './account-baseline-config';
export * from './account-baseline-stack';
export * from './policy-showcase-stack';
