import { z } from 'zod';

/**
 * Every Wildix webhook event is one envelope `{ id, pbx, company, time, type, integrationId, data }`
 * (vendor-docs/wildix-webhooks.txt). `time` is in milliseconds. Conference and chat events come from the cloud
 * rather than a PBX and carry no `pbx`, so only what every event has is required. Unknown fields pass through
 * unchanged (DESIGN.md decision 7).
 */
export const wildixEnvelopeSchema = z
	.object({
		id: z.string().min(1),
		type: z.string().min(1),
		time: z.number().finite(),
		data: z.record(z.unknown()),
		pbx: z.string().nullish(),
		company: z.string().nullish(),
		integrationId: z.string().nullish(),
	})
	.passthrough();

export type WildixEnvelope = z.infer<typeof wildixEnvelopeSchema>;

export type EnvelopeResult = { ok: true; envelope: WildixEnvelope } | { ok: false; message: string };

/** Checks that a JSON value is a Wildix event envelope. The message names the wrong fields, never their values. */
export function parseWildixEnvelope(value: unknown): EnvelopeResult {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { ok: false, message: 'The body is not a Wildix event (a JSON object is expected)' };
	}
	const parsed = wildixEnvelopeSchema.safeParse(value);
	if (!parsed.success) {
		const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'body')))];
		return { ok: false, message: `The body is not a Wildix event envelope (check ${fields.join(', ')})` };
	}
	// The object as sent (zod's copy would reorder the keys): the item carries the envelope unchanged.
	return { ok: true, envelope: value as WildixEnvelope };
}
