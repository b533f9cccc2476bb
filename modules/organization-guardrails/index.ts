export * from './statements';
export * from './guardrails';
