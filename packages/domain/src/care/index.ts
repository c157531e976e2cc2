export * from './dates.ts';
export * from './campaign.ts';
export * from './coupons.ts';
