export * from './statements';
export * from './protection';
export * from './guardrails';
export * from './controls';
