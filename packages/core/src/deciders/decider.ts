/**
 * A pure decider (Emmett's shape): `decide` checks a command against the state and returns the
 * events it causes or throws a RuleViolationError; `evolve` folds one event into the state.
 * Nothing here does I/O, reads a clock or generates ids.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export function foldEvents<State, Command, Event>(
  decider: Decider<State, Command, Event>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
