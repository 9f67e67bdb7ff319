/**
 * CSV cells for Excel (the ledger export and the reports). Quoted when needed; a text starting
 * with = + - @, a tab or a carriage return gets a leading ' so a spreadsheet never runs it as a
 * formula. Numbers are left as they are (a negative number is not a formula).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
