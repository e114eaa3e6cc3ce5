/** `etiq reply`: the client's answer to an offer (issue 10). Work in progress. */
import type { Command } from 'commander';
import type { Io } from '../context.js';

export function registerReply(_program: Command, _io: Io, _setExit: (code: number) => void): void {
  // Registered once it exists.
}
