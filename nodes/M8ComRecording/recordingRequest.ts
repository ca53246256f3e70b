import { z } from 'zod';

import { isoFromMs, normalizedCall, toParty, type CallDirection, type NormalizedCall } from '../../lib/normalized';
import { fieldProblem } from '../../lib/requestFields';

const nullableText = z.string().nullish();
const nullableNumber = z.number().finite().nullish();

/**
 * M8Com's call recording webhook, data model v2. Unknown fields pass through ("adding is not breaking");
 * `summary` (Conversation Intelligence) and `userId` (2025-04-10) are optional.
 */
export const recordingRequestSchema = z
	.object({
		// A number in the spec; a string of digits is taken too (some senders quote large ids).
		id: z.union([z.number().finite(), z.string().regex(/^\d+$/)]),
		fileUrls: z.array(z.string().min(1)),
		callerNumber: z.string().min(1),
		calleeNumber: z.string().min(1),
		startTime: z.number().finite(),
		endTime: z.number().finite(),
		waitTime: nullableNumber,
		talkTime: nullableNumber,
		agentId: nullableText,
		agentName: nullableText,
		answerGroupName: nullableText,
		answerGroupId: nullableText,
		referredTo: nullableText,
		referredBy: nullableText,
		direction: z.string().min(1),
		recorderId: nullableText,
		summary: nullableText,
		userId: nullableText,
	})
	.passthrough();

export type RecordingRequest = z.infer<typeof recordingRequestSchema>;

export function parseRecordingRequest(body: unknown): { ok: true; value: RecordingRequest } | { ok: false; message: string } {
	const result = recordingRequestSchema.safeParse(body);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, message: fieldProblem(result.error, body) };
}

export interface RecordingFilters {
	/** Which owners' recordings to run for: answer groups, users, or both (the default). */
	recordingsFrom?: string[];
	/** Answer group ids or names (comma-separated in the editor); empty: all. */
	answerGroups?: string;
	/** User ids, agent ids or recorder ids (emails or numbers); empty: all. */
	users?: string;
}

const list = (text: string | undefined): string[] =>
	(text ?? '')
		.split(',')
		.map((entry) => entry.trim().toLowerCase())
		.filter(Boolean);

/** An answer-group recording has an answer group; a personal (user) recording has none. */
export const isAnswerGroupRecording = (request: RecordingRequest): boolean => Boolean(request.answerGroupId);

/** Why a valid recording starts no workflow under the user's filters, or undefined to run it. */
export function recordingSkipReason(request: RecordingRequest, filters: RecordingFilters): string | undefined {
	// None selected means all, like the other filters.
	const from = filters.recordingsFrom?.length ? filters.recordingsFrom : ['answerGroup', 'user'];
	const groupRecording = isAnswerGroupRecording(request);
	if (groupRecording && !from.includes('answerGroup')) return 'answer group recordings not selected';
	if (!groupRecording && !from.includes('user')) return 'user recordings not selected';

	const groups = list(filters.answerGroups);
	const groupIds = [request.answerGroupId, request.answerGroupName].map((v) => (v ?? '').toLowerCase());
	if (groups.length > 0 && !groupIds.some((id) => id !== '' && groups.includes(id))) return 'answer group not selected';

	const users = list(filters.users);
	const userIds = [request.userId, request.agentId, request.recorderId].map((v) => (v ?? '').toLowerCase());
	if (users.length > 0 && !userIds.some((id) => id !== '' && users.includes(id))) return 'user not selected';
	return undefined;
}

/** The recording's direction is the recorder's, a user of the business: it is already the business's view. */
export function recordingDirection(direction: string): CallDirection {
	const value = direction.trim().toLowerCase();
	return value === 'inbound' || value === 'outbound' ? value : null;
}

export function normalizeRecording(request: RecordingRequest, defaultCountry: string): NormalizedCall {
	const recorder = request.recorderId ?? '';
	const recorderIsEmail = recorder.includes('@');
	const agent = toParty(
		{
			name: request.agentName,
			email: recorderIsEmail ? recorder : undefined,
			number: recorderIsEmail ? undefined : request.recorderId,
			userId: request.userId ?? request.agentId,
		},
		defaultCountry,
	);
	const talkTimeMs = request.talkTime ?? null;
	return normalizedCall('m8com', 'recording', {
		callId: String(request.id),
		direction: recordingDirection(request.direction),
		from: toParty({ number: request.callerNumber }, defaultCountry),
		to: toParty({ number: request.calleeNumber }, defaultCountry),
		startedAt: isoFromMs(request.startTime),
		endedAt: isoFromMs(request.endTime),
		durationMs: request.endTime >= request.startTime ? request.endTime - request.startTime : null,
		talkTimeMs,
		waitTimeMs: request.waitTime ?? null,
		// A recording exists, so the call was answered.
		answered: true,
		agent,
		answerGroup: request.answerGroupId
			? { number: null, e164: null, name: request.answerGroupName ?? null, email: null, userId: request.answerGroupId }
			: null,
		recordingUrls: request.fileUrls,
		summary: request.summary ?? null,
	});
}
