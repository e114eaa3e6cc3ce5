/** What every report renderer takes beside the result: the user's zone and the output style. */
import type { ChalkInstance } from 'chalk';

export interface RenderOptions {
  zone: string;
  /** The chalk instance of the run (PLAIN without colour). */
  style: ChalkInstance;
}
