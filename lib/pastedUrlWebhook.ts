import type { IHookFunctions } from 'n8n-workflow';

/**
 * Webhook lifecycle for vendors whose URL the user pastes into the vendor's own settings: there is nothing to
 * register or remove on the vendor's side, so each step simply succeeds.
 */
export const pastedUrlWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
