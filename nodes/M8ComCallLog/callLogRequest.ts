import { createHash } from 'crypto';
import { z } from 'zod';

import { isoFromMs, normalizedCall, toParty, type CallDirection, type NormalizedCall, type NormalizedParty } from '../../lib/normalized';
import { fieldProblem } from '../../lib/requestFields';
import { parseCallLogBody, type CallLogSections, type NamedNumber } from './callLogBody';

/** Milliseconds, as a number or a numeric string (both are seen from webhook senders); finite either way. */
const milliseconds = z.union([
	z.number().finite().nonnegative(),
	z.string().regex(/^\d+(\.\d+)?$/).transform(Number).pipe(z.number().finite()),
]);

/**
 * M8Com's automatic call logging request (Insights webhook spec). Unknown fields pass through ("adding is not
 * breaking"). `userId` arrived with v2, so a v1 integration without it is still accepted.
 */
export const callLogRequestSchema = z
	.object({
		fromNumber: z.string().min(1),
		toNumber: z.string().min(1),
		duration: milliseconds,
		startTime: milliseconds,
		callType: z.string().min(1),
		body: z.string(),
		userId: z.string().nullish(),
	})
	.passthrough();

export type CallLogRequest = z.infer<typeof callLogRequestSchema>;

export type ParsedCallLog = { ok: true; value: CallLogRequest } | { ok: false; message: string };

export function parseCallLogRequest(body: unknown): ParsedCallLog {
	const result = callLogRequestSchema.safeParse(body);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, message: fieldProblem(result.error, body) };
}

/**
 * `callType` is from the CRM contact's point of view: "Inbound" means the contact received the call, so the
 * business called out. normalized.direction is from the business's point of view (DESIGN.md decision 7).
 */
export function businessDirection(callType: string): CallDirection {
	const type = callType.trim().toLowerCase();
	if (type === 'inbound') return 'outbound';
	if (type === 'outbound') return 'inbound';
	return null;
}

/** A username is an email address when the user has one, otherwise "first name surname". */
function userParty(user: NamedNumber | null, defaultCountry: string, userId?: string | null): NormalizedParty | null {
	if (!user && !userId) return null;
	const isEmail = user?.name?.includes('@') ?? false;
	return toParty(
		{ name: isEmail ? undefined : user?.name, email: isEmail ? user?.name : undefined, number: user?.number, userId },
		defaultCountry,
	);
}

/**
 * A stable id for a call-log request: M8Com sends none, and a flow that writes CRM activities needs one to
 * de-duplicate (DESIGN.md decision 9). The same call always gives the same id.
 */
export function callLogId(request: CallLogRequest): string {
	const key = [request.userId ?? '', request.startTime, request.fromNumber, request.toNumber, request.duration].join('|');
	return `m8com-call-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export function normalizeCallLog(request: CallLogRequest, sections: CallLogSections, defaultCountry: string): NormalizedCall {
	const direction = businessDirection(request.callType);
	// The M8Com user on the business side: named in the body when it was a direct call, else M8Com's agent.
	const businessUser = direction === 'outbound' ? sections.callFromUser : sections.callToUser;
	const agentName = sections.agent ? { name: sections.agent, number: null } : businessUser;
	const answerGroup = sections.callToAnswerGroup ?? sections.callFromAnswerGroup;
	const from = toParty({ number: request.fromNumber }, defaultCountry);
	const to = toParty({ number: request.toNumber }, defaultCountry);
	if (direction === 'inbound') to.userId = request.userId ?? null;
	if (direction === 'outbound') from.userId = request.userId ?? null;
	return normalizedCall('m8com', 'callLog', {
		callId: callLogId(request),
		direction,
		from,
		to,
		startedAt: isoFromMs(request.startTime),
		endedAt: isoFromMs(request.startTime + request.duration),
		durationMs: request.duration,
		agent: userParty(agentName, defaultCountry, request.userId),
		answerGroup: answerGroup ? toParty({ name: answerGroup.name, number: answerGroup.number }, defaultCountry) : null,
		summary: sections.summary,
	});
}

export function callLogItem(request: CallLogRequest, defaultCountry: string) {
	const sections = parseCallLogBody(request.body);
	return { ...request, userId: request.userId ?? null, sections, normalized: normalizeCallLog(request, sections, defaultCountry) };
}
