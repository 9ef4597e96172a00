// The problems the state shows, kept from the Monitor's `problem` events: one
// per kind, the latest message and time. A failed round is shown until a
// later round brings a diagnosis; a failed history write until the engine
// starts again (nothing tells us the database works again, and what this run
// recorded may be missing). Pure.
import { PROBLEM_KINDS, type EngineProblem } from '../contracts/bridge';
import type { Diagnosis } from '../contracts/diagnosis';

export interface ProblemBook {
  problems: EngineProblem[];
  /** When the diagnosis shown at the round failure was made; a newer one clears it. */
  roundFailedBeside: string | null;
}

export const NO_PROBLEMS: ProblemBook = { problems: [], roundFailedBeside: null };

export function recordProblem(
  book: ProblemBook,
  problem: Pick<EngineProblem, 'kind' | 'message'>,
  shown: Diagnosis | null,
  at: Date,
): ProblemBook {
  const next: EngineProblem = { kind: problem.kind, message: problem.message, at: at.toISOString() };
  const problems = [...book.problems.filter((known) => known.kind !== problem.kind), next].sort(
    (a, b) => PROBLEM_KINDS.indexOf(a.kind) - PROBLEM_KINDS.indexOf(b.kind),
  );
  return {
    problems,
    roundFailedBeside: problem.kind === 'round-failed' ? (shown?.at ?? null) : book.roundFailedBeside,
  };
}

/** A new state from the monitor: a diagnosis newer than the failed round's means rounds work again. */
export function observeState(book: ProblemBook, shown: Diagnosis | null): ProblemBook {
  const roundFailed = book.problems.some((problem) => problem.kind === 'round-failed');
  if (!roundFailed || !shown || shown.at === book.roundFailedBeside) return book;
  return { problems: book.problems.filter((problem) => problem.kind !== 'round-failed'), roundFailedBeside: null };
}
