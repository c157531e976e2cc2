export * from './kpis.ts';
export * from './second-contact.ts';
