const BASE = 'http://madoguchi.invalid';
/** Control characters (tab, newline… which URL parsers silently drop) and backslashes (read as `/`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's job.
const UNSAFE = /[\x00-\x1f\x7f\\]/;

/**
 * Only same-origin paths, so the login page cannot be used to bounce people elsewhere. The
 * answer is the normalised path and its query, starting with exactly one `/`: dot segments are
 * resolved first (`/..//evil.example` would otherwise reach the browser as `//evil.example`,
 * another host), and the path must stay so once percent-decoded and resolved again, so no proxy
 * or later decoding can turn it into `//` or `/\` either. Anything else gives `/`.
 */
export function safeRedirect(to: string | undefined | null): string {
  if (!to || !to.startsWith('/') || UNSAFE.test(to)) return '/';
  const url = sameOriginUrl(to);
  if (!url || !staysSinglySlashed(url.pathname)) return '/';
  return `${url.pathname}${url.search}`;
}

function sameOriginUrl(path: string): URL | null {
  try {
    const url = new URL(path, BASE);
    return url.origin === BASE ? url : null;
  } catch {
    return null;
  }
}

const singlySlashed = (path: string) => path.startsWith('/') && path[1] !== '/';

/** The path, and each percent-decoded and re-resolved form of it, starts with exactly one `/`. */
function staysSinglySlashed(path: string): boolean {
  let current = path;
  // Each round peels one level of encoding; a handful covers any path the app links to.
  for (let round = 0; round < 4; round++) {
    if (!singlySlashed(current)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return false;
    }
    if (UNSAFE.test(decoded)) return false;
    const next = sameOriginUrl(decoded);
    if (!next) return false;
    // Stable: decoding and re-encoding gives the same path (e.g. `/%E6%9D%B1` ↔ `/東`).
    if (next.pathname === current) return true;
    current = next.pathname;
  }
  return false;
}
