import { GalctlError } from '../../errors.js';
import type { Command } from '../command.js';

// Placeholder until this command lands; replaced by its real implementation.
export const demoCommand: Command = {
  name: 'demo',
  summary: '',
  help: 'galctl demo: not built yet\n',
  options: {},
  run: async () => {
    throw new GalctlError('not-built', 'galctl demo is not built yet');
  },
};
