export * from './checkpointer';
export * from './client';
export * from './group-commit';
export * from './localized-text';
export * from './paths';
export type { ActorKind, EligibilityQuestion, OperatorStatus, PopupDay, ReservationState, SessionStatus } from './schema';
export * as schema from './schema';
export { actorKinds, operatorStatuses, reservationBookers, reservationStates, sessionStatuses } from './schema';
export * from './vocabulary';
