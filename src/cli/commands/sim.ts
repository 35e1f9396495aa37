import { GalctlError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until this command lands; replaced by its real implementation.
export const simCommand: Command = {
  name: 'sim',
  summary: '',
  help: 'galctl sim: not built yet\n',
  options: {},
  run: async () => {
    throw new GalctlError('not-built', 'galctl sim is not built yet');
  },
};
