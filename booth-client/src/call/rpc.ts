/**
 * The LiveKit RPC methods between booth and operator (decision 0009): their names, payloads and
 * parsers are the call contract the console shares (@madoguchi/db/call-contract, decision 0022);
 * parsing is pure (rpc.test.ts); BoothCall registers the handlers.
 */
import { isInterpreterIdentity, isOperatorIdentity } from '@madoguchi/db/call-contract';

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

/** Of the remote participants, the operator: by the `operator:` identity, else the only other one (never an interpreter). */
export function pickOperator<P extends { identity: string }>(participants: Iterable<P>): P | undefined {
  const all = [...participants].filter((p) => !isInterpreterIdentity(p.identity));
  return all.find((p) => isOperatorIdentity(p.identity)) ?? (all.length === 1 ? all[0] : undefined);
}
