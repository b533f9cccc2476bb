export * from './runbooks';
export * from './remediation';
export * from './controls';
