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
const url = z
	.string()
	.trim()
	.refine((value) => /^https?:\/\/[^\s]+$/i.test(value), { message: 'must be an http(s) URL' });

/**
 * A point in time as M8Com wants it, in milliseconds. Accepts milliseconds, seconds (converted), numeric
 * strings and ISO 8601 dates, because CRMs hand over all of these.
 */
export const timestampMs = z
	.union([z.number(), z.string().trim().min(1)])
	.transform((value, ctx) => {
		let ms: number;
		if (typeof value === 'number') ms = value;
		else if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value);
		else ms = Date.parse(value);
		if (!Number.isFinite(ms) || ms < 0) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a Unix timestamp or an ISO date' });
			return z.NEVER;
		}
		return Math.round(ms < SECONDS_THRESHOLD ? ms * 1000 : ms);
	});

const durationMs = z.union([z.number().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const emailSchema = z.object({ id: text, comment: text.optional() });
export const phoneNumberSchema = z.object({ id: text, comment: text.optional() });
export const companyInfoSchema = z.object({ name: text.optional(), title: text.optional() });
// The spec's Field table lists `comment` and `title`, both required.
export const fieldSchema = z.object({ title: text, comment: text });
export const createUrlSchema = z.object({ name: text, url });

const activityBase = {
	body: z.preprocess(numberAsText, z.string()),
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

const priority = z
	.string()
	.trim()
	.transform((v) => v.toUpperCase())
	.pipe(z.enum(['HIGH', 'MEDIUM', 'LOW']));

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
	amount: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).optional(),
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
export type Activity = z.infer<typeof activitySchema>;
export { MAX_ACTIVITIES_PER_TYPE };
