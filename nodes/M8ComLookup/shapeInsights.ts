import { z } from 'zod';

import {
	ACTIVITY_SCHEMAS,
	ACTIVITY_TYPES,
	FAST_PARSERS,
	MAX_ACTIVITIES_PER_TYPE,
	UNSURE,
	companyInfoSchema,
	createUrlSchema,
	emailSchema,
	fieldSchema,
	insightsSchema,
	phoneNumberSchema,
	type Activity,
	type ActivityType,
	type FastParse,
	type Insights,
} from './insightsSchema';

export interface ShapedInsights {
	/** The answer to send, or null when there is no valid contact (no displayName). */
	insights: Insights | null;
	/** One line per part that was invalid and dropped, or per activity type cut by the limit. */
	warnings: string[];
	/** Whether a part was invalid (the limit of 10 per type is not: keeping the newest is the spec's rule). */
	invalid: boolean;
}

/** An activity mapped in the editor (activityFields.ts), with the name its warnings use. */
export interface LabelledActivity {
	path: string;
	value: Record<string, unknown>;
}

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

const LIST_FIELDS: Record<string, AnyObjectSchema> = {
	emails: emailSchema,
	phoneNumbers: phoneNumberSchema,
	fields: fieldSchema,
	createActivityUrls: createUrlSchema,
	createActivityUrl: createUrlSchema,
};

const CONTACT_SCHEMA = insightsSchema.pick({
	displayName: true,
	firstName: true,
	lastName: true,
	avatarUrl: true,
	coverPhotoUrl: true,
	moreInfoUrl: true,
}) as unknown as AnyObjectSchema;

const isBlank = (value: unknown): boolean =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function describeIssue(value: unknown, error: z.ZodError): string {
	if (isBlank(value)) return 'is required';
	const issue = error.issues[0];
	return issue ? issue.message.charAt(0).toLowerCase() + issue.message.slice(1) : 'is invalid';
}

interface KeyRule {
	key: string;
	schema: z.ZodTypeAny;
	optional: boolean;
	/** The field's fast path (see FAST_PARSERS), when it has one. */
	fast?: FastParse;
}

const keyRulesBySchema = new WeakMap<AnyObjectSchema, KeyRule[]>();

/** The schema's keys in order, worked out once per schema (asking zod whether a key is optional parses). */
function keyRules(schema: AnyObjectSchema): KeyRule[] {
	let rules = keyRulesBySchema.get(schema);
	if (!rules) {
		rules = (Object.entries(schema.shape) as Array<[string, z.ZodTypeAny]>).map(([key, keySchema]) => {
			const inner: z.ZodTypeAny = keySchema instanceof z.ZodOptional ? keySchema.unwrap() : keySchema;
			const literal = inner instanceof z.ZodLiteral ? (inner.value as unknown) : UNSURE;
			const fast: FastParse | undefined =
				literal !== UNSURE ? (v) => (v === literal ? v : UNSURE) : FAST_PARSERS.get(inner);
			return { key, schema: keySchema, optional: keySchema.isOptional(), fast };
		});
		keyRulesBySchema.set(schema, rules);
	}
	return rules;
}

/**
 * Parses an object key by key: an invalid optional key is dropped with a warning, an invalid or missing
 * required key makes the whole object invalid (undefined). Blank optional values are left out silently
 * (an unset editor field arrives as an empty string). Keys the schema does not know are not copied.
 */
function shapeObject(
	schema: AnyObjectSchema,
	value: unknown,
	path: string,
	warnings: string[],
): Record<string, unknown> | undefined {
	if (!isPlainObject(value)) {
		warnings.push(`${path} must be an object (dropped)`);
		return undefined;
	}
	const result: Record<string, unknown> = {};
	const dropped: string[] = [];
	for (const { key, schema: keySchema, optional, fast } of keyRules(schema)) {
		const raw = value[key];
		if (optional && isBlank(raw)) continue;
		const quick = fast ? fast(raw) : UNSURE;
		if (quick !== UNSURE) {
			result[key] = quick;
			continue;
		}
		const parsed = keySchema.safeParse(raw);
		if (parsed.success) {
			if (parsed.data !== undefined) result[key] = parsed.data;
		} else if (optional) {
			dropped.push(`${path}.${key} ${describeIssue(raw, parsed.error)} (dropped)`);
		} else {
			warnings.push(`${path} dropped: ${key} ${describeIssue(raw, parsed.error)}`);
			return undefined;
		}
	}
	warnings.push(...dropped);
	return result;
}

function shapeList(schema: AnyObjectSchema, value: unknown, path: string, warnings: string[]) {
	if (!Array.isArray(value)) {
		warnings.push(`${path} must be a list (dropped)`);
		return [];
	}
	return value
		.map((entry, index) => shapeObject(schema, entry, `${path}[${index}]`, warnings))
		.filter((entry): entry is Record<string, unknown> => entry !== undefined);
}

function shapeActivity(value: unknown, path: string, warnings: string[]): Activity | undefined {
	const type = isPlainObject(value) && typeof value.type === 'string' ? value.type.trim().toUpperCase() : '';
	if (!ACTIVITY_TYPES.includes(type as ActivityType)) {
		const given = isPlainObject(value) && value.type !== undefined ? ` "${String(value.type)}"` : '';
		warnings.push(`${path} dropped: type${given} must be one of ${ACTIVITY_TYPES.join(', ')}`);
		return undefined;
	}
	const schema = ACTIVITY_SCHEMAS[type as ActivityType] as unknown as AnyObjectSchema;
	// Copying the activity only to fix the type's spelling costs more than the rest of shaping it.
	const activity = (value as Record<string, unknown>).type === type ? value : { ...(value as object), type };
	return shapeObject(schema, activity, `${path} (${type})`, warnings) as Activity | undefined;
}

/** At most 10 per type, the newest; all of them newest first. What was cut is added to `notices`. */
export function limitActivities(activities: Activity[], notices: string[]): Activity[] {
	const newestFirst = (a: Activity, b: Activity) => b.timestamp - a.timestamp;
	const kept: Activity[] = [];
	for (const type of ACTIVITY_TYPES) {
		const ofType = activities.filter((activity) => activity.type === type).sort(newestFirst);
		if (ofType.length > MAX_ACTIVITIES_PER_TYPE) {
			notices.push(
				`${ofType.length} ${type} activities given: the ${MAX_ACTIVITIES_PER_TYPE} newest were kept (M8Com shows at most ${MAX_ACTIVITIES_PER_TYPE} per type)`,
			);
		}
		kept.push(...ofType.slice(0, MAX_ACTIVITIES_PER_TYPE));
	}
	return kept.sort(newestFirst);
}

/** The schema of a mapped activity (its type is set by the node, never by the user's data). */
function schemaOf(activity: LabelledActivity): AnyObjectSchema {
	return ACTIVITY_SCHEMAS[activity.value.type as ActivityType] as unknown as AnyObjectSchema;
}

/**
 * A mapped activity whose required fields are all empty holds no activity of its type (the empty item of a
 * Split Out that had nothing to split, an item of another list, a `deals[2]` the contact does not have):
 * it is left out without a warning. One with only some of them is invalid and warned about as usual.
 */
function isEmptyActivity(activity: LabelledActivity): boolean {
	return keyRules(schemaOf(activity)).every(({ key, optional }) => optional || key === 'type' || isBlank(activity.value[key]));
}

/**
 * Turns whatever the workflow built into a valid Insights answer: each invalid part is dropped with a warning,
 * activities are limited and sorted, second timestamps become milliseconds, undocumented keys are left out.
 * `mapped` are the activities of the editor's Activities list; they join the object's own `activities`.
 */
export function shapeInsights(input: unknown, mapped: LabelledActivity[] = []): ShapedInsights {
	const warnings: string[] = [];
	let value = input;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return { insights: null, warnings: ['The Insights JSON is not valid JSON'], invalid: true };
		}
	}
	if (!isPlainObject(value)) {
		return { insights: null, warnings: ['The Insights answer must be a JSON object'], invalid: true };
	}

	const { activities, emails, phoneNumbers, fields, createActivityUrl, createActivityUrls, companyInfo, ...basic } =
		value;
	const shaped = shapeObject(CONTACT_SCHEMA, basic, 'contact', warnings);
	if (!shaped) return { insights: null, warnings, invalid: true };

	const lists = { emails, phoneNumbers, fields, createActivityUrls, createActivityUrl };
	for (const [key, list] of Object.entries(lists)) {
		if (isBlank(list)) continue;
		const entries = shapeList(LIST_FIELDS[key], list, key, warnings);
		if (entries.length > 0) shaped[key] = entries;
	}
	if (!isBlank(companyInfo)) {
		const company = shapeObject(companyInfoSchema as unknown as AnyObjectSchema, companyInfo, 'companyInfo', warnings);
		if (company && Object.keys(company).length > 0) shaped.companyInfo = company;
	}
	const fromJson = Array.isArray(activities) ? activities : [];
	if (!isBlank(activities) && !Array.isArray(activities)) warnings.push('activities must be a list (dropped)');
	const valid = [
		...fromJson.map((activity, index) => shapeActivity(activity, `activities[${index}]`, warnings)),
		...mapped
			.filter((activity) => !isEmptyActivity(activity))
			.map((activity) => shapeObject(schemaOf(activity), activity.value, activity.path, warnings) as Activity | undefined),
	].filter((activity): activity is Activity => activity !== undefined);
	const notices: string[] = [];
	if (valid.length > 0) shaped.activities = limitActivities(valid, notices);

	// Every part above went through its schema; parsing the whole again would convert timestamps twice.
	return { insights: shaped as Insights, warnings: [...warnings, ...notices], invalid: warnings.length > 0 };
}

