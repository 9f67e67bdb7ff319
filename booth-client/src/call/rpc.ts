/**
 * The LiveKit RPC methods between booth and operator (decision 0009): their names, payloads and
 * parsers are the call contract the console shares (@madoguchi/db/call-contract, decision 0022);
 * parsing is pure (rpc.test.ts); BoothCall registers the handlers.
 */
import { isInterpreterIdentity, isOperatorIdentity, isSupervisorIdentity } from '@madoguchi/db/call-contract';

export {
  boothMethods,
  type CaptureAnswer,
  type CaptureError,
  captureAnswer,
  operatorMethods,
  parseCaptureAnswer,
  parseCapturePayload,
  parseGuidancePayload,
  parsePhotoModePayload,
  parsePhotoShowPayload,
  photoGuidancePayload,
  qualityPayload,
} from '@madoguchi/db/call-contract';

/**
 * Of the remote participants, the call's operator: by the `operator:` identity, else the only other
 * one — never an interpreter or a supervisor (a coach or a supervisor who joined is not the operator).
 * Two operators are in the room only around a take-over (issue 18), when the supervisor joins as
 * the operator before the one who left is out of the room (their removal failed, or they came back
 * on their old token): the call's operator is then the one who joined last, since the server gives
 * an operator token to the session's current operator alone.
 */
export function pickOperator<P extends { identity: string; joinedAt?: Date | undefined }>(participants: Iterable<P>): P | undefined {
  const all = [...participants].filter((p) => !isInterpreterIdentity(p.identity) && !isSupervisorIdentity(p.identity));
  const operators = all.filter((p) => isOperatorIdentity(p.identity));
  if (operators.length === 0) return all.length === 1 ? all[0] : undefined;
  // Ties (no join time yet) go to the later in the room's order, which is the order they joined in.
  return operators.reduce((latest, p) => ((p.joinedAt?.getTime() ?? 0) >= (latest.joinedAt?.getTime() ?? 0) ? p : latest));
}
