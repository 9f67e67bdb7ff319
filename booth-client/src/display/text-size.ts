/**
 * The resident's text size: three steps, "large" by default (the kiosk's own size, made for
 * reading at arm's length), applied as `data-text-size` on <html>, which scales the root font
 * size and so every rem of booth.css. Each new resident starts at the default (App's forget).
 */
import { useSyncExternalStore } from 'react';

export const textSizes = ['standard', 'large', 'largest'] as const;
export type TextSize = (typeof textSizes)[number];
export const defaultTextSize: TextSize = 'large';

let current: TextSize = defaultTextSize;
const listeners = new Set<() => void>();

export function setTextSize(size: TextSize, root: HTMLElement = document.documentElement): void {
  root.dataset.textSize = size;
  if (size === current) return;
  current = size;
  for (const listener of listeners) listener();
}

export function useTextSize(): TextSize {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
