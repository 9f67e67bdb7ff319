export * from './client';
export * from './group-commit';
export * from './localized-text';
export * from './paths';
export type { ActorKind, EligibilityQuestion, OperatorStatus, PopupDay, SessionStatus } from './schema';
export * as schema from './schema';
export { actorKinds, operatorStatuses, sessionStatuses } from './schema';
export * from './vocabulary';
