export * from './patterns';
export * from './alerts';
