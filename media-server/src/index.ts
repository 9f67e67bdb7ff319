export * from './config';
export * from './credentials';
export * from './launcher';
export * from './paths';
export * from './room-service';
export * from './rooms';
export * from './tokens';
export * from './webhooks';
