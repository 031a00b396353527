import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub returns and customers`. */
export function registerReturns(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
