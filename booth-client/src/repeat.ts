/**
 * The kiosk's polling loops (heartbeat, queue place, first /me): `step` runs now, then again the
 * number of milliseconds it returned after it finished — never two at once — until it returns null
 * or the returned stop() is called (a React effect's cleanup). `step` gets `alive()` to check after
 * its own awaits, so nothing is set on a screen that has gone. A step that throws stops the loop:
 * steps handle the failures they expect and say when to try again.
 */
export function repeatAfter(step: (alive: () => boolean) => Promise<number | null>): () => void {
  let alive = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const isAlive = () => alive;
  const run = async () => {
    let next: number | null = null;
    try {
      next = await step(isAlive);
    } catch {
      next = null;
    }
    if (alive && next !== null) timer = setTimeout(() => void run(), next);
  };
  void run();
  return () => {
    alive = false;
    clearTimeout(timer);
  };
}
