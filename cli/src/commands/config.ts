import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub apply and omnihub export`. */
export function registerConfig(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
