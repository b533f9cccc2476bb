export * from './statements';
export * from './guardrails';
export * from './controls';
