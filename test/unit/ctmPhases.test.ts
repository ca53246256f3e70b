/** CTM's trigger phases, read from the URL's ?trigger= parameter and used as a filter. */
import { ANY_PHASE, CTM_PHASES, decidePhase, isKnownPhase, readPhase } from '../../nodes/CallTrackingMetricsTrigger/ctmPhases';

describe('CTM trigger phases', () => {
	test('the catalogue lists every phase of CTM\'s help, once', () => {
		expect(CTM_PHASES.map((p) => p.value)).toEqual([
			'start',
			'outbound_start',
			'answered',
			'session',
			'hangup',
			'update',
			'manual_update',
			'end_immediate',
			'end',
			'end_delayed',
			'sale',
			'form',
			'paid',
			'cost',
			'geokey',
			'inbound_text',
			'outbound_text',
			'keyword',
			'route',
			'status_change',
		]);
		expect(new Set(CTM_PHASES.map((p) => p.name)).size).toBe(CTM_PHASES.length);
	});

	test.each([
		['end', 'end'],
		['End', 'end'],
		['End_Delayed', 'end_delayed'],
		['end-delayed', 'end_delayed'],
		[' Geokey ', 'geokey'],
		['manual update', 'manual_update'],
		['end_immedite', 'end_immediate'],
		['ends immediately', 'end_immediate'],
		['inbound_text', 'inbound_text'],
		[['sale', 'end'], 'sale'],
	])('reads %p as %p', (raw, phase) => {
		expect(readPhase(raw)).toBe(phase);
	});

	test.each([undefined, null, '', '   ', 42, {}])('%p names no phase', (raw) => {
		expect(readPhase(raw)).toBeNull();
	});

	test('unknown names are kept (for "Any Phase") but are not known phases', () => {
		expect(readPhase('Custom_Step')).toBe('custom_step');
		expect(isKnownPhase('custom_step')).toBe(false);
		expect(isKnownPhase('status_change')).toBe(true);
	});

	test('a selected phase starts the workflow', () => {
		expect(decidePhase('end', ['end', 'sale'])).toEqual({ accept: true });
	});

	test('an unselected phase is acknowledged with 200 and ignored', () => {
		expect(decidePhase('start', ['end'])).toEqual({
			accept: false,
			statusCode: 200,
			message: 'Ignored: trigger phase "start" is not selected',
		});
	});

	test('an unknown phase is a set-up mistake (400) and the answer does not echo what was sent', () => {
		expect(decidePhase('<script>', ['end'])).toEqual({
			accept: false,
			statusCode: 400,
			message: "Unknown trigger phase in the URL: use one of CTM's phase names, e.g. ?trigger=end",
		});
	});

	test('with "Any Phase" an unknown phase is accepted', () => {
		expect(decidePhase('something_new', ['*'])).toEqual({ accept: true });
	});

	test('no ?trigger= while phases are selected is a set-up mistake CTM\'s log should show (400)', () => {
		expect(decidePhase(null, ['end'])).toEqual({
			accept: false,
			statusCode: 400,
			message: 'The URL has no trigger phase: add ?trigger=end to the URL in CTM',
		});
	});

	test('"Any Phase" (or no selection) accepts everything, including no phase at all', () => {
		expect(decidePhase(null, [ANY_PHASE])).toEqual({ accept: true });
		expect(decidePhase('custom_step', [ANY_PHASE, 'end'])).toEqual({ accept: true });
		expect(decidePhase('end', [])).toEqual({ accept: true });
	});
});
