import { toE164 } from './phone';

/**
 * The cross-vendor call model every trigger adds as `normalized` (DESIGN.md decision 7), so that one CRM flow
 * can serve every vendor. `direction` is always from the business's (the PBX customer's) point of view.
 */
export interface NormalizedParty {
	number: string | null;
	e164: string | null;
	name: string | null;
	email: string | null;
	userId: string | null;
}

export type CallDirection = 'inbound' | 'outbound' | 'internal' | null;

export interface NormalizedCall {
	vendor: string;
	event: string;
	callId: string | null;
	direction: CallDirection;
	from: NormalizedParty;
	to: NormalizedParty;
	startedAt: string | null;
	endedAt: string | null;
	durationMs: number | null;
	talkTimeMs: number | null;
	waitTimeMs: number | null;
	answered: boolean | null;
	agent: NormalizedParty | null;
	answerGroup: NormalizedParty | null;
	recordingUrls: string[];
	summary: string | null;
}

export interface PartyInput {
	number?: unknown;
	name?: unknown;
	email?: unknown;
	userId?: unknown;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : typeof value === 'number' ? String(value) : null;

/** A party with its number in E.164 where it is one (user ids and extensions keep e164 null). */
export function toParty(input: PartyInput, defaultCountry: string): NormalizedParty {
	const number = text(input.number);
	return {
		number,
		e164: toE164(number, defaultCountry),
		name: text(input.name),
		email: text(input.email),
		userId: text(input.userId),
	};
}

/** Milliseconds since the epoch → ISO string; anything else → null. */
export function isoFromMs(ms: unknown): string | null {
	if (typeof ms !== 'number' || !Number.isFinite(ms)) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A complete normalized object: the given fields over empty defaults, so every key is always present. */
export function normalizedCall(
	vendor: string,
	event: string,
	fields: Partial<Omit<NormalizedCall, 'vendor' | 'event'>>,
): NormalizedCall {
	const emptyParty = toParty({}, '');
	return {
		vendor,
		event,
		callId: null,
		direction: null,
		from: emptyParty,
		to: { ...emptyParty },
		startedAt: null,
		endedAt: null,
		durationMs: null,
		talkTimeMs: null,
		waitTimeMs: null,
		answered: null,
		agent: null,
		answerGroup: null,
		recordingUrls: [],
		summary: null,
		...fields,
	};
}
