import { GalctlError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until this command lands; replaced by its real implementation.
export const validateCommand: Command = {
  name: 'validate',
  summary: '',
  help: 'galctl validate: not built yet\n',
  options: {},
  run: async () => {
    throw new GalctlError('not-built', 'galctl validate is not built yet');
  },
};
