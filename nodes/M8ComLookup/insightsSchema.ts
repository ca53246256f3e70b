import { z } from 'zod';

/**
 * M8Com's Caller Insights answer (vendor-docs/m8com-insights-webhook.txt, "RESPONSE - Basic" and "Activities"),
 * written once as zod schemas; the TypeScript types are inferred from them. Unknown keys are stripped, so only
 * documented fields are ever sent.
 */

const MAX_ACTIVITIES_PER_TYPE = 10;
/** A number below this is a Unix time in seconds (it would be before March 1973 in milliseconds). */
const SECONDS_THRESHOLD = 100_000_000_000;

/** Numbers are accepted where text is expected: CRMs often hand over ids and phone numbers as numbers. */
const numberAsText = (value: unknown) => (typeof value === 'number' ? String(value) : value);
const text = z.preprocess(numberAsText, z.string().trim().min(1, 'must not be empty'));
const HTTP_URL = /^https?:\/\/[^\s]+$/i;
const url = z
	.string()
	.trim()
	.refine((value) => HTTP_URL.test(value), { message: 'must be an http(s) URL' });

/** Milliseconds from milliseconds, seconds, a numeric string or an ISO date; undefined when it is none of these. */
function toTimestampMs(value: number | string): number | undefined {
	let ms: number;
	if (typeof value === 'number') ms = value;
	else if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value);
	else ms = Date.parse(value);
	if (!Number.isFinite(ms) || ms < 0) return undefined;
	return Math.round(ms < SECONDS_THRESHOLD ? ms * 1000 : ms);
}

/**
 * A point in time as M8Com wants it, in milliseconds. Accepts milliseconds, seconds (converted), numeric
 * strings and ISO 8601 dates, because CRMs hand over all of these.
 */
export const timestampMs = z
	.union([z.number(), z.string().trim().min(1)])
	.transform((value, ctx) => {
		const ms = toTimestampMs(value);
		if (ms === undefined) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a Unix timestamp or an ISO date' });
			return z.NEVER;
		}
		return ms;
	});

const NATURAL = /^\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const durationMs = z.union([z.number().nonnegative(), z.string().regex(NATURAL).transform(Number)]);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const activityBody = z.preprocess(numberAsText, z.string());
const amount = z.union([z.number(), z.string().regex(DECIMAL).transform(Number)]);

export const emailSchema = z.object({ id: text, comment: text.optional() });
export const phoneNumberSchema = z.object({ id: text, comment: text.optional() });
export const companyInfoSchema = z.object({ name: text.optional(), title: text.optional() });
// The spec's Field table lists `comment` and `title`, both required.
export const fieldSchema = z.object({ title: text, comment: text });
export const createUrlSchema = z.object({ name: text, url });

const activityBase = {
	body: activityBody,
	timestamp: timestampMs,
	link: url.optional(),
	markdown: flag.optional(),
};

export const noteSchema = z.object({
	type: z.literal('NOTE'),
	...activityBase,
	header: text.optional(),
	customHeader: text.optional(),
	associatedUser: text.optional(),
});

export const taskSchema = z.object({
	type: z.literal('TASK'),
	...activityBase,
	dueDate: timestampMs,
	header: text.optional(),
	customHeader: text.optional(),
	customDescription: text.optional(),
	status: text.optional(),
	done: flag.optional(),
	assignedUser: text.optional(),
});

export const callSchema = z.object({
	type: z.literal('CALL'),
	...activityBase,
	toNumber: text,
	fromNumber: text,
	duration: durationMs,
	startTime: timestampMs,
	customHeader: text.optional(),
	customDescription: text.optional(),
});

const PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
const priority = z
	.string()
	.trim()
	.transform((v) => v.toUpperCase())
	.pipe(z.enum(PRIORITIES));

export const ticketSchema = z.object({
	type: z.literal('TICKET'),
	...activityBase,
	createdDate: timestampMs,
	priority: priority.optional(),
	header: text.optional(),
	customHeader: text.optional(),
	customDescription: text.optional(),
	pipeline: text.optional(),
	pipelineStage: text.optional(),
	/** Deprecated by M8Com in favour of `link`; still sent when given. */
	ticketLink: url.optional(),
});

export const dealSchema = z.object({
	type: z.literal('DEAL'),
	...activityBase,
	closeDate: timestampMs,
	currency: text.optional(),
	amount: amount.optional(),
	done: flag.optional(),
	header: text.optional(),
	customHeader: text.optional(),
	customDescription: text.optional(),
	pipeline: text.optional(),
	pipelineStage: text.optional(),
	/** Deprecated by M8Com in favour of `link`; still sent when given. */
	dealLink: url.optional(),
});

export const appointmentSchema = z.object({
	type: z.literal('APPOINTMENT'),
	...activityBase,
	startDate: timestampMs,
	endDate: timestampMs,
	allDay: flag.optional(),
	venue: text.optional(),
	header: text.optional(),
	customDescription: text.optional(),
	status: text.optional(),
});

export const ACTIVITY_SCHEMAS = {
	NOTE: noteSchema,
	TASK: taskSchema,
	CALL: callSchema,
	TICKET: ticketSchema,
	DEAL: dealSchema,
	APPOINTMENT: appointmentSchema,
} as const;

export type ActivityType = keyof typeof ACTIVITY_SCHEMAS;
export const ACTIVITY_TYPES = Object.keys(ACTIVITY_SCHEMAS) as ActivityType[];

export const activitySchema = z.discriminatedUnion('type', [
	noteSchema,
	taskSchema,
	callSchema,
	ticketSchema,
	dealSchema,
	appointmentSchema,
]);

export const insightsSchema = z.object({
	displayName: text,
	firstName: text.optional(),
	lastName: text.optional(),
	avatarUrl: url.optional(),
	coverPhotoUrl: url.optional(),
	emails: z.array(emailSchema).optional(),
	phoneNumbers: z.array(phoneNumberSchema).optional(),
	companyInfo: companyInfoSchema.optional(),
	fields: z.array(fieldSchema).optional(),
	activities: z.array(activitySchema).max(MAX_ACTIVITIES_PER_TYPE * ACTIVITY_TYPES.length).optional(),
	/** Deprecated by M8Com in favour of createActivityUrls; still sent when given. */
	createActivityUrl: z.array(createUrlSchema).optional(),
	createActivityUrls: z.array(createUrlSchema).optional(),
	moreInfoUrl: url.optional(),
});

export type Insights = z.infer<typeof insightsSchema>;

/** What a fast parser returns when it is not sure: the zod schema then decides (and words the warning). */
export const UNSURE: unique symbol = Symbol('unsure');

/**
 * Fast paths for the field schemas above, for speed on big answers (a zod parse costs microseconds per field).
 * Each returns exactly the value its zod schema would return, but only for input it is sure is valid, and
 * UNSURE for anything else; the caller then parses with zod. They accept a subset of what zod accepts, never
 * more (test/unit/insightsFastPath.test.ts compares both on valid and invalid values).
 */
export type FastParse = (value: unknown) => unknown;

export const FAST_PARSERS: ReadonlyMap<z.ZodTypeAny, FastParse> = new Map<z.ZodTypeAny, FastParse>([
	[
		text,
		(v) => {
			if (typeof v === 'number') return String(v);
			if (typeof v !== 'string') return UNSURE;
			const trimmed = v.trim();
			return trimmed.length > 0 ? trimmed : UNSURE;
		},
	],
	[
		url,
		(v) => {
			if (typeof v !== 'string') return UNSURE;
			const trimmed = v.trim();
			return HTTP_URL.test(trimmed) ? trimmed : UNSURE;
		},
	],
	[
		timestampMs,
		(v) => {
			if (typeof v === 'number') return Number.isNaN(v) ? UNSURE : (toTimestampMs(v) ?? UNSURE);
			if (typeof v !== 'string' || v.trim() === '') return UNSURE;
			return toTimestampMs(v.trim()) ?? UNSURE;
		},
	],
	[
		durationMs,
		(v) => {
			if (typeof v === 'number') return v >= 0 ? v : UNSURE;
			return typeof v === 'string' && NATURAL.test(v) ? Number(v) : UNSURE;
		},
	],
	[
		flag,
		(v) => {
			if (typeof v === 'boolean') return v;
			return v === 'true' ? true : v === 'false' ? false : UNSURE;
		},
	],
	[activityBody, (v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : UNSURE)],
	[
		priority,
		(v) => {
			if (typeof v !== 'string') return UNSURE;
			const upper = v.trim().toUpperCase();
			return (PRIORITIES as readonly string[]).includes(upper) ? upper : UNSURE;
		},
	],
	[
		amount,
		(v) => {
			if (typeof v === 'number') return Number.isNaN(v) ? UNSURE : v;
			return typeof v === 'string' && DECIMAL.test(v) ? Number(v) : UNSURE;
		},
	],
]);
export type Activity = z.infer<typeof activitySchema>;
export { MAX_ACTIVITIES_PER_TYPE };
