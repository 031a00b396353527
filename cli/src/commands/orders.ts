import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub orders, locations and routing`. */
export function registerOrders(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
