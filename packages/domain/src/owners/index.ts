export * from './balance.ts';
export * from './customer-file.ts';
