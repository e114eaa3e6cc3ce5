/**
 * Work for the end of a run, after the command has printed: main() runs each task once,
 * in order. A task never fails the run (it is a cache's write: zone-tables.ts).
 */
const tasks: (() => void)[] = [];

export function atRunEnd(task: () => void): void {
  tasks.push(task);
}

export function runEndTasks(): void {
  for (const task of tasks.splice(0)) {
    try {
      task();
    } catch {
      // a cache not written: the next run makes it again
    }
  }
}
