export * from './sentiment/index.ts';
export * from './matcher/index.ts';
