export * from './template.ts';
export * from './quiet-hours.ts';
export * from './notifications.ts';
export * from './sms-reply.ts';
