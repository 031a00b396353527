import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub connectors list|test|new`. */
export function registerConnectors(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
