/** Only same-site paths, so the login page cannot be used to bounce people elsewhere. */
export function safeRedirect(to: string | undefined | null): string {
  if (!to || !to.startsWith('/') || /[\x00-\x1f\\]/.test(to)) return '/';
  const url = new URL(to, 'http://madoguchi.invalid');
  return url.origin === 'http://madoguchi.invalid' ? `${url.pathname}${url.search}` : '/';
}
