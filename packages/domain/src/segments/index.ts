export * from './rules.ts';
export * from './evaluate.ts';
export * from './validate.ts';
