import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The event types Wildix sends to a Webhook integration, in Wildix's own words (WMS lists them as Call events,
 * Conference events, Chat events, Analytics events and Presence events; the older WMS as Call start, Call update,
 * Call end, User presence and User presence telephony). A value ending in `*` selects a whole family.
 */
export const ALL_EVENTS = '*';
export const OTHER_EVENTS = 'other';

/** Names as WMS shows them; each description names the event type string Wildix sends. */
export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Every event the Wildix integration sends' },
	{ name: 'Call Completed', value: 'call:completed', description: 'Sent as call:completed when a call ended and all its information is stored (analytics: flows, durations)' },
	{ name: 'Call End', value: 'call:end', description: 'Sent as call:end when a call ended, with the end cause and who ended it' },
	{ name: 'Call Live Completed', value: 'call:live:completed', description: 'Sent as call:live:completed when an ongoing call ended normally' },
	{ name: 'Call Live Interrupted', value: 'call:live:interrupted', description: 'Sent as call:live:interrupted when an ongoing call ended abnormally' },
	{ name: 'Call Live Progress', value: 'call:live:progress', description: 'Sent as call:live:progress when an ongoing call started or was updated' },
	{ name: 'Call Start', value: 'call:start', description: 'Sent as call:start when a call started' },
	{ name: 'Call Transcription Completed', value: 'call:transcription:completed', description: 'Sent as call:transcription:completed when the transcription of a call is ready' },
	{ name: 'Call Update', value: 'call:update', description: 'Sent as call:update when a call changed, e.g. the callee became known' },
	{ name: 'Chat Events', value: 'chat:*', description: 'Every x-bees chat event: chat:channel:created, chat:message:created, …' },
	{ name: 'Conference Events', value: 'conference:*', description: 'Every conference event: conference:live:progress, conference:live:join, …' },
	{ name: 'Event Types Named Below', value: OTHER_EVENTS, description: 'The Wildix event types typed into "Other Event Types", e.g. call:summary:completed' },
	{ name: 'Presence Conference', value: 'presence:conference', description: 'Sent as presence:conference when a user joined or left a conference' },
	{ name: 'SMS Status', value: 'sms:status', description: 'Sent as sms:status when the delivery status of an SMS changed' },
	{ name: 'User Presence', value: 'presence:user', description: 'Sent as presence:user when a user changed status (e.g. Available, Away, DND), status message or location' },
	{ name: 'User Presence Telephony', value: 'presence:telephony', description: 'Sent as presence:telephony when a user\'s phone state changed: registered, ringing, talking, rt (talking and ringing)' },
];

/**
 * The canvas subtitle: "On Call End, Call Start" rather than the raw `call:end, call:start`. The names of
 * "Other Event Types" stand as typed. (Subtitles are expressions the editor evaluates; nothing runs per request.)
 */
export const EVENTS_SUBTITLE = `={{"On " + ($parameter["events"] || []).map(e => e === ${JSON.stringify(OTHER_EVENTS)} ? ($parameter["otherEventTypes"] || "named event types") : (${JSON.stringify(
	Object.fromEntries(EVENT_TYPE_OPTIONS.filter((o) => o.value !== OTHER_EVENTS).map((o) => [o.value, o.name])),
)}[e] || e)).join(", ")}}`;

/** Whether an event type is one of the selected ones (`*` = all, `family:*` = a family, `other` = the named list). */
export function eventTypeSelected(type: string, selected: string[], otherEventTypes = ''): boolean {
	const named = selected.includes(OTHER_EVENTS) ? splitTypeList(otherEventTypes) : [];
	const patterns = selected.filter((value) => value !== OTHER_EVENTS).concat(named);
	return patterns.some((pattern) =>
		pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern,
	);
}

/** "call:summary:completed, conference:live:*" → the names, trimmed, empty ones dropped. */
export function splitTypeList(list: string): string[] {
	return list
		.split(/[,\s]+/)
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/**
 * Whether an event is older than the configured age, judged by the envelope's `time` (milliseconds), e.g. a
 * replayed request. 0 (or less) switches the check off. Events from the future (clock skew) are never stale.
 */
export function eventIsTooOld(timeMs: number, maxAgeMinutes: number, nowMs: number = Date.now()): boolean {
	return maxAgeMinutes > 0 && nowMs - timeMs > maxAgeMinutes * 60_000;
}

export const isCallEvent = (type: string): boolean => type.startsWith('call:');
export const isPresenceEvent = (type: string): boolean => type.startsWith('presence:');
