export * from './roles.ts';
export * from './tickets.ts';
export * from './customers.ts';
export * from './chat.ts';
export * from './orders.ts';
export * from './aftersales.ts';
export * from './calendar.ts';
export * from './collaboration.ts';
