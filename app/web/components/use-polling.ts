import { useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';

/** Re-runs the route's loaders every `ms` while the tab is visible (until the push channel lands). */
export function usePolling(ms: number) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && state === 'idle') revalidate();
    }, ms);
    return () => clearInterval(timer);
  }, [ms, revalidate, state]);
}
