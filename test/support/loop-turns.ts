// Counts the event loop's turns (one setImmediate each) from now until stopped: tests that a long job leaves the loop free.
export function countTurns(): { readonly turns: number; stop: () => void } {
  let turns = 0;
  let done = false;
  const turn = () => {
    turns++;
    if (!done) setImmediate(turn);
  };
  setImmediate(turn);
  return {
    get turns() {
      return turns;
    },
    stop: () => {
      done = true;
    },
  };
}
