import { GalctlError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until this command lands; replaced by its real implementation.
export const applyCommand: Command = {
  name: 'apply',
  summary: '',
  help: 'galctl apply: not built yet\n',
  options: {},
  run: async () => {
    throw new GalctlError('not-built', 'galctl apply is not built yet');
  },
};
