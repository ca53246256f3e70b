/**
 * CTM's webhook trigger "phases" (Settings → Integrations → Webhooks → Trigger), as CTM's own help lists them.
 * CTM does not say in the body which phase fired, so the user adds `?trigger=<phase>` to the URL given to CTM
 * and the node reads it back from the query string.
 */

export const PHASE_QUERY_PARAMETER = 'trigger';

/** Accepts every phase, and requests whose URL names none. */
export const ANY_PHASE = '*';

export interface CtmPhase {
	/** What the user writes after `?trigger=` (lower case, underscores). */
	value: string;
	/** The name in the editor, in CTM's words. */
	name: string;
	/** When CTM fires it, from CTM's list of trigger phases. */
	description: string;
}

export const CTM_PHASES: CtmPhase[] = [
	{ value: 'start', name: 'Inbound Call Starts (Start)', description: 'Inbound call: when an activity is received (starts)' },
	{ value: 'outbound_start', name: 'Outbound Call Starts (Outbound Start)', description: 'Outbound call: when an activity is sent (starts)' },
	{ value: 'answered', name: 'Answered', description: 'Outbound call: when an agent answers a call within a call queue' },
	{ value: 'session', name: 'Website Session', description: 'When a website session is associated with the activity record' },
	{ value: 'hangup', name: 'Hang-Ups', description: 'When the caller hangs up the call early' },
	{ value: 'update', name: 'Update', description: 'Multiple times throughout the call' },
	{ value: 'manual_update', name: 'Manual Update', description: 'When a call is manually updated' },
	{ value: 'end_immediate', name: 'Ends Immediately', description: 'When a call ends, immediately, without delays' },
	{ value: 'end', name: 'End', description: 'At the end of a call, form or chat, once all data has been captured' },
	{ value: 'end_delayed', name: 'End Delayed', description: '1 hour after call data has been captured (for Google Analytics)' },
	{ value: 'sale', name: 'Sale', description: 'Whenever sales data is updated for an activity' },
	{ value: 'form', name: 'Form', description: 'When a FormReactor activity is created' },
	{ value: 'paid', name: 'Paid', description: 'When PPC data is retrieved for an activity' },
	{ value: 'cost', name: 'Cost', description: 'When cost data is retrieved for an activity' },
	{ value: 'geokey', name: 'Geokey', description: 'When a caller inputs their zip code or area code for a GeoRouter' },
	{ value: 'inbound_text', name: 'Inbound Text', description: 'After a text message has been received' },
	{ value: 'outbound_text', name: 'Outbound Text', description: 'After a text message has been sent' },
	{ value: 'keyword', name: 'Keyword', description: 'When a keyword is spotted within a call transcript' },
	{ value: 'route', name: 'Route', description: 'Through a trigger (custom workflow or IVR menu)' },
	{ value: 'status_change', name: 'Status Change', description: 'When a text message changes status' },
];

const KNOWN = new Set(CTM_PHASES.map((p) => p.value));

/**
 * Other spellings users copy from CTM's help (its own "end_immedite" among them). A Map: with a plain object,
 * `?trigger=__proto__` found Object.prototype and put it into the item.
 */
const ALIASES = new Map<string, string>([
	['end_immedite', 'end_immediate'],
	['end_immediately', 'end_immediate'],
	['ends_immediately', 'end_immediate'],
	['inbound_start', 'start'],
	['hang_up', 'hangup'],
	['hang_ups', 'hangup'],
	['website_session', 'session'],
	['statuschange', 'status_change'],
]);

/**
 * The phase named by the URL's `trigger` value: lower-cased, spaces and hyphens as underscores, known aliases
 * mapped to their canonical value. Unknown names are kept (normalised) so "Any Phase" can pass them on;
 * a missing or empty value is null.
 */
export function readPhase(raw: unknown): string | null {
	const first = Array.isArray(raw) ? raw[0] : raw;
	if (typeof first !== 'string') return null;
	const value = first.trim().toLowerCase().replace(/[\s-]+/g, '_');
	if (value === '') return null;
	return ALIASES.get(value) ?? value;
}

export function isKnownPhase(phase: string): boolean {
	return KNOWN.has(phase);
}

export type PhaseDecision =
	| { accept: true }
	| { accept: false; statusCode: 200 | 400; message: string };

/**
 * Whether a request of this phase starts the workflow. Unselected phases are acknowledged (200) and start
 * nothing; a URL without `?trigger=` while specific phases are selected is a set-up mistake (400, so it shows
 * in CTM's webhook log).
 */
export function decidePhase(phase: string | null, selected: string[]): PhaseDecision {
	if (selected.length === 0 || selected.includes(ANY_PHASE)) return { accept: true };
	if (phase === null) {
		return {
			accept: false,
			statusCode: 400,
			message: `The URL has no trigger phase: add ?${PHASE_QUERY_PARAMETER}=${selected[0]} to the URL in CTM`,
		};
	}
	if (selected.includes(phase)) return { accept: true };
	if (!isKnownPhase(phase)) {
		// Never a CTM phase: a typo in the URL given to CTM. 400 shows it in CTM's webhook log (value not echoed).
		return { accept: false, statusCode: 400, message: `Unknown trigger phase in the URL: use one of CTM's phase names, e.g. ?${PHASE_QUERY_PARAMETER}=${selected[0]}` };
	}
	return { accept: false, statusCode: 200, message: `Ignored: trigger phase "${phase}" is not selected` };
}
