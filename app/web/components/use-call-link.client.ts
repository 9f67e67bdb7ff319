import { isBoothIdentity } from '@madoguchi/db/call-contract';
import { initialLink, LINK_SAMPLE_MS, type LinkEvent, type LinkView, linkView, onLinkEvent } from '@madoguchi/media-server/call-link';
import { watchCallLink } from '@madoguchi/media-server/call-link-room';
import type { Participant, Room } from 'livekit-client';
import { useCallback, useEffect, useReducer, useState } from 'react';

const isBooth = (p: Participant) => isBoothIdentity(p.identity);

/**
 * The booth's link as the console sees it (call-link.ts over this room's LiveKit events), redrawn
 * every second for the elapsed time. `dispatch` takes what only the booth can say (its fallback).
 */
export function useCallLink(room: Room | null): { view: LinkView; dispatch: (event: LinkEvent) => void; startedAt: number } {
  const [state, dispatch] = useReducer(onLinkEvent, undefined, () => initialLink(Date.now()));
  // Redraws twice a second: the elapsed time, and limits that pass with no event (a stall is seen
  // at most one redraw late, call-link.ts).
  const [, setTick] = useState(0);
  // No room yet (the call page makes its connection in an effect): nothing to watch.
  useEffect(() => (room ? watchCallLink(room, isBooth, dispatch) : undefined), [room]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), LINK_SAMPLE_MS);
    return () => clearInterval(timer);
  }, []);
  const stableDispatch = useCallback((event: LinkEvent) => dispatch(event), []);
  return { view: linkView(state, Date.now()), dispatch: stableDispatch, startedAt: state.startedAt };
}
