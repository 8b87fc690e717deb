import type { Plugin } from 'obsidian';

import type { CalendarRuntime } from '../obsidian/calendar-runtime';
import { type CalendarActions, reportCalendarError } from './calendar-notices';
import { inform, reportError } from './notify';

/** Registers the calendar's commands: sync now, full resync, sign in, sign out. */
export function registerCalendarCommands(
  plugin: Plugin,
  calendar: CalendarRuntime,
  actions: CalendarActions,
): void {
  plugin.addCommand({
    id: 'sync-google-calendar',
    name: 'Sync with Google Calendar now',
    callback: () => calendar.sync('user'),
  });

  plugin.addCommand({
    id: 'full-resync-google-calendar',
    name: 'Full resync with Google Calendar',
    callback: () => calendar.sync('user', true),
  });

  plugin.addCommand({
    id: 'google-sign-in',
    name: 'Sign in to Google',
    callback: () => signIn(calendar, actions),
  });

  plugin.addCommand({
    id: 'google-sign-out',
    name: 'Sign out of Google',
    callback: () => signOut(calendar),
  });
}

/** Runs the sign-in and says how it went; the next step when no calendar is picked yet. */
export async function signIn(calendar: CalendarRuntime, actions: CalendarActions): Promise<void> {
  try {
    const { email } = await calendar.signIn();
    const who = email === undefined ? '' : ` as ${email}`;
    const next =
      calendar.status.state === 'no_calendar' ? ' Pick a calendar in Kira’s settings.' : '';
    inform(`signed in to Google${who}.${next}`);
  } catch (error) {
    reportCalendarError(error, actions, 'Could not sign in to Google');
  }
}

/** Signs out and says whether Google revoked the access. */
export async function signOut(calendar: CalendarRuntime): Promise<void> {
  try {
    inform((await calendar.signOut()).message);
  } catch (error) {
    reportError(error, 'Could not sign out of Google');
  }
}
