import type { Command } from 'commander';
import type { CommandContext } from '../context.ts';

/** `omnihub mappings list|test|preview|diff`. */
export function registerMappings(_program: Command, _context: () => CommandContext): void {
  // commands of this group are registered here
}
