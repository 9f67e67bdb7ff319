export * from './client';
export * from './group-commit';
export * from './paths';
export * as schema from './schema';
export type { BoothKind, Role, SessionStatus, ActorKind } from './schema';
