export * from './patterns';
export * from './alerts';
export * from './controls';
