import { type ReactNode, useId } from 'react';
import { DisplayControls } from '../display/DisplayControls';
import type { MessageKey } from '../i18n';
import { Text } from '../i18n/Text';

/**
 * Every journey screen: the municipality's name and the text-size / read-aloud controls on top,
 * the screen's content, and an optional footer (back / start over). `testid` names the screen for the e2e tests.
 */
export function Frame({
  testid,
  municipality,
  className,
  children,
  footer,
}: {
  testid: string;
  municipality?: string;
  className?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className={`screen ${className ?? ''}`} data-testid={testid}>
      <div className="topbar">
        {municipality ? <p className="municipality">{municipality}</p> : null}
        <DisplayControls />
      </div>
      <div className="content">{children}</div>
      {footer ? <footer className="footer">{footer}</footer> : null}
    </main>
  );
}

/** The footer's "back" button. */
export function BackButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="big secondary back" onClick={onClick}>
      <span aria-hidden="true">← </span>
      <Text k="common.back" />
    </button>
  );
}

/** The footer's "back to the start" button. */
export function StartOverButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="big secondary" onClick={onClick}>
      <Text k="common.toStart" />
    </button>
  );
}

/** "Back to the start", and the seconds until the booth goes there by itself (not read aloud each second). */
export function StartOverCountdown({ onDone, secondsLeft }: { onDone: () => void; secondsLeft: number }) {
  return (
    <>
      <StartOverButton onClick={onDone} />
      <p className="countdown" aria-live="off">
        <Text k="common.secondsToStart" values={{ seconds: secondsLeft }} />
      </p>
    </>
  );
}

/** A screen's title and, under it, its lead paragraph. */
export function TitleAndLead({ title, lead }: { title: MessageKey; lead: MessageKey }) {
  return (
    <>
      <h1>
        <Text k={title} />
      </h1>
      <p className="lead">
        <Text k={lead} />
      </p>
    </>
  );
}

/**
 * A question over the current screen that one big button answers (modal alertdialog, named by its
 * `title`): the idle warning, and "still there?" while waiting.
 */
export function AlertDialog({ testid, title, children }: { testid: string; title: MessageKey; children: ReactNode }) {
  const titleId = useId();
  return (
    <div className="overlay" data-testid={testid} role="alertdialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="dialog">
        <h2 id={titleId}>
          <Text k={title} />
        </h2>
        {children}
      </div>
    </div>
  );
}
