import type { Plugin } from 'obsidian';

import type { CalendarRuntime, CalendarStatus } from '../obsidian/calendar-runtime';
import { displayInstant } from '../time/display';
import { parseInstantMs } from '../time/instant';

export const SYNC_RIBBON_TITLE = 'Sync with Google Calendar';

/**
 * The ribbon button: a click syncs now. While a sync runs it carries `kira-sync-running`
 * (the icon spins); after a failed one, `kira-sync-failed`, and its tooltip says why.
 */
export function addCalendarRibbon(plugin: Plugin, calendar: CalendarRuntime): HTMLElement {
  const el = plugin.addRibbonIcon(
    'refresh-cw',
    SYNC_RIBBON_TITLE,
    () => void calendar.sync('user'),
  );
  plugin.register(calendar.onStatus((status) => showOnRibbon(el, status)));
  return el;
}

/**
 * The sync's state in the status bar: "Calendar: synced 14:05", "syncing…", "sync failed",
 * or what to do next; the full sentence in its tooltip. Empty while the calendar is not set
 * up, so a vault that does not sync sees nothing of it.
 */
export function showCalendarStatus(
  plugin: Plugin,
  el: HTMLElement,
  calendar: CalendarRuntime,
  zone: () => string,
): void {
  el.addClass('kira-calendar-status');
  plugin.register(
    calendar.onStatus((status) => {
      el.setText(statusBarText(status, zone()));
      el.setAttr('aria-label', status.message);
      el.toggleClass('kira-sync-failed', isFailure(status));
    }),
  );
}

/** The status bar's words for a status. */
export function statusBarText(status: CalendarStatus, zone: string): string {
  switch (status.state) {
    case 'not_configured':
      return '';
    case 'desktop_only':
      return 'Calendar: desktop only';
    case 'signed_out':
      return 'Calendar: signed out';
    case 'no_calendar':
      return 'Calendar: pick a calendar';
    case 'running':
      return 'Calendar: syncing…';
    case 'failed':
    case 'stopped':
      return 'Calendar: sync failed';
    case 'idle': {
      const waiting = status.waiting > 0 ? ` (${status.waiting} waiting)` : '';
      return `Calendar: ${syncedAt(status.lastSyncAt, zone)}${waiting}`;
    }
  }
}

function showOnRibbon(el: HTMLElement, status: CalendarStatus): void {
  el.toggleClass('kira-sync-running', status.state === 'running');
  el.toggleClass('kira-sync-failed', isFailure(status));
  el.setAttr('aria-label', `${SYNC_RIBBON_TITLE}. ${status.message}`);
}

function isFailure(status: CalendarStatus): boolean {
  return status.state === 'failed' || status.state === 'stopped';
}

function syncedAt(lastSyncAt: string | null, zone: string): string {
  const ms = lastSyncAt === null ? null : parseInstantMs(lastSyncAt);
  if (ms === null) return 'not synced yet';
  try {
    return `synced ${displayInstant(ms, zone, 'HH:mm')}`;
  } catch {
    return `synced ${lastSyncAt ?? ''}`;
  }
}
