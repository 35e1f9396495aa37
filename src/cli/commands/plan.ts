import { GalctlError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until this command lands; replaced by its real implementation.
export const planCommand: Command = {
  name: 'plan',
  summary: '',
  help: 'galctl plan: not built yet\n',
  options: {},
  run: async () => {
    throw new GalctlError('not-built', 'galctl plan is not built yet');
  },
};
