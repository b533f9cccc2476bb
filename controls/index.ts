export * from './catalog';
export * from './posture';
export * from './results';
export * from './policy-analysis';
export * from './opt-outs';
export * from './declarations';
export * from './judges';
export * from './change-events';
