import type { App, Notice } from 'obsidian';

import { AuthError } from '../calendar/auth/errors';
import type { SyncReport } from '../calendar/context';
import { CalendarSyncError } from '../calendar/errors';
import type { CalendarNotifier, CalendarStatus } from '../obsidian/calendar-runtime';
import { inform, type NoticeAction, reportError } from './notify';

/** What the notices can start: the sign-in, and Kira's settings. */
export interface CalendarActions {
  signIn: () => unknown;
  openSettings: () => unknown;
}

/**
 * The calendar's notices. A sync the user asked for always says how it went; an automatic one
 * speaks only when the user must act (sign in again, pick another calendar, fix the client),
 * and only once for the same problem, so an interval sync never repeats a notice every few
 * minutes.
 */
export function calendarNotifier(actions: CalendarActions): CalendarNotifier {
  let lastShown: string | null = null;

  return {
    synced(report, trigger) {
      lastShown = null;
      if (trigger === 'user') inform(`synced with Google Calendar: ${summarizeReport(report)}.`);
    },
    failed(error, trigger) {
      const key = keyOf(error);
      const isWorthTelling = trigger === 'user' || (needsUser(error) && key !== lastShown);
      lastShown = key;
      if (isWorthTelling) reportCalendarError(error, actions);
    },
    blocked(status) {
      reportBlocked(status, actions);
    },
  };
}

/**
 * Shows a calendar failure through the error funnel, with a button for the one thing that
 * fixes it when there is one. Returns the notice, or null for a cancel.
 */
export function reportCalendarError(
  error: unknown,
  actions: CalendarActions,
  whatFailed = 'Google Calendar sync failed',
): Notice | null {
  // The messages of both error types already say what to do next.
  return reportError(error, whatFailed, undefined, actionFor(error, actions));
}

/** Tells the user why a sync they asked for did not start, and what to do. */
export function reportBlocked(status: CalendarStatus, actions: CalendarActions): Notice | null {
  const action: NoticeAction | undefined =
    status.state === 'signed_out'
      ? { label: 'Sign in', run: actions.signIn }
      : status.state === 'not_configured' || status.state === 'no_calendar'
        ? { label: 'Open settings', run: actions.openSettings }
        : undefined;
  return reportError(new Error(status.message), 'Google Calendar is not ready', undefined, action);
}

/** A short account of what a sync did: "2 new, 1 updated, 1 sent" or "nothing changed". */
export function summarizeReport(report: SyncReport): string {
  const parts = [
    [report.created, 'new'],
    [report.imported, 'updated'],
    [report.inserted + report.patched, 'sent'],
    [report.cancelled, 'cancelled'],
    [report.conflicts, report.conflicts === 1 ? 'conflict' : 'conflicts'],
    [report.skipped, 'skipped'],
    [report.waiting, 'waiting'],
  ] as const;
  const said = parts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  return said.length === 0 ? 'nothing changed' : said.join(', ');
}

function actionFor(error: unknown, actions: CalendarActions): NoticeAction | undefined {
  if (error instanceof AuthError) {
    if (error.action === 'sign-in') {
      const label = error.code === 'sign_in_again' ? 'Sign in again' : 'Sign in';
      return { label, run: actions.signIn };
    }
    if (error.action === 'settings') return { label: 'Open settings', run: actions.openSettings };
    return undefined;
  }
  if (error instanceof CalendarSyncError) {
    if (error.code === 'unauthorized') return { label: 'Sign in again', run: actions.signIn };
    if (error.code === 'calendar_not_found' || error.code === 'forbidden') {
      return { label: 'Open settings', run: actions.openSettings };
    }
  }
  return undefined;
}

/** Failures an automatic sync must tell about: nothing gets better until the user acts. */
function needsUser(error: unknown): boolean {
  if (error instanceof AuthError) return error.action === 'sign-in' || error.action === 'settings';
  return error instanceof CalendarSyncError && error.isFatal;
}

function keyOf(error: unknown): string {
  if (error instanceof AuthError || error instanceof CalendarSyncError) return error.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Opens Kira's tab in Obsidian's settings. Obsidian has no public call for it; `app.setting`
 * is the one the app itself uses. Where it is missing, the notice says where to go.
 */
export function openPluginSettings(app: App, pluginId: string): void {
  const setting = (app as App & { setting?: SettingsWindow }).setting;
  if (setting === undefined) {
    inform('open Settings → Kira → Google Calendar.');
    return;
  }
  setting.open();
  setting.openTabById(pluginId);
}

interface SettingsWindow {
  open(): void;
  openTabById(id: string): unknown;
}
