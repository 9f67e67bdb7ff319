/**
 * The per-session definitions of app/domain/reports/aggregate.ts (kindOf, waitOf, handlingOf) in
 * SQL, for every grouped read of the session table: the reports and the monthly staffing section.
 */
export const KIND = `CASE WHEN answered_at IS NOT NULL THEN 'answered' WHEN ended_at IS NULL THEN 'waiting' WHEN outcome = 'referred' THEN 'referred_at_booth' ELSE 'abandoned' END`;
export const WAIT = `CASE WHEN answered_at IS NOT NULL THEN answered_at - requested_at WHEN ended_at IS NOT NULL AND coalesce(outcome, '') <> 'referred' THEN ended_at - requested_at END`;
export const HANDLING = `CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL THEN ended_at - answered_at END`;
