import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub stock show|import|reconcile`. */
export function registerStock(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
