export * from './lexicon.ts';
export * from './features.ts';
export * from './grouping.ts';
export * from './rule.ts';
