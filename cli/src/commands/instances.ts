import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub instances list|show|test|pause|resume|upgrade|rollback`. */
export function registerInstances(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
