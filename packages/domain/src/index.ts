export * from './roles.ts';
export * from './tickets.ts';
export * from './customers.ts';
export * from './chat.ts';
