export * from './app';
export * from './base';
export * from './config';
export * from './secure-data-stack';
export * from './policy-showcase-stack';
export * from './organization-guardrails-stack';
export * from './private-network-stack';
