export * from './asset.ts';
export * from './asset-config.ts';
export * from './check.ts';
export * from './finding.ts';
export * from './frameworks.ts';
export * from './messages.ts';
export * from './runtime.ts';
export * from './severity.ts';
