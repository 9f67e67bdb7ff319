import type { BoothSelf } from '../api';
import { Text } from '../i18n/Text';

type Popup = NonNullable<BoothSelf['popup']>;

/** Today's date in Japan (fixed UTC+9, like the server's calendar). */
const japanToday = (now = Date.now()) => new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * The pop-up site the booth stands at today (from /me while it is assigned to an event): the place's
 * name and today's hours, under the town's name on the attract screen. The label is in the booth's
 * current language; the name is the town's own (a place, never a person).
 */
export function PopupSite({ popup }: { popup: Popup | null | undefined }) {
  if (!popup) return null;
  const today = popup.days.find((d) => d.date === japanToday());
  return (
    <section className="popup-site" data-testid="popup-site" aria-label={popup.siteName}>
      <p className="popup-site-label">
        <Text k="popup.site" />
      </p>
      <p className="popup-site-name">{popup.siteName}</p>
      {today ? (
        <p className="popup-site-hours">
          <Text k="popup.hours" /> {today.ranges.map((r) => `${r.start}–${r.end}`).join(' / ')}
        </p>
      ) : null}
    </section>
  );
}
