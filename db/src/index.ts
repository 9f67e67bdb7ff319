export * from './client';
export * from './group-commit';
export * from './paths';
export * as schema from './schema';
export type { SessionStatus, ActorKind, EligibilityQuestion } from './schema';
export { actorKinds, sessionStatuses, operatorStatuses } from './schema';
export type { OperatorStatus } from './schema';
export * from './vocabulary';
export * from './localized-text';
