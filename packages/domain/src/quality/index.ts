export * from './rules.ts';
export * from './inspect.ts';
export * from './review.ts';
