export * from './service-hours.ts';
export * from './policy.ts';
export * from './clock.ts';
