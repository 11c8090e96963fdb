/** Serializable learning-rate schedule state (saved in the checkpoint). */
export interface ScheduleState {
  kind: 'plateau' | 'cosine' | 'none';
  baseLr: number;
  lr: number;
  /** Plateau: best monitored value so far (lower is better) and epochs since it improved. */
  best: number;
  wait: number;
}

export const PLATEAU_FACTOR = 0.5;
export const PLATEAU_PATIENCE = 2;
export const MIN_LR = 1e-6;

export function initialSchedule(kind: ScheduleState['kind'], baseLr: number): ScheduleState {
  return { kind, baseLr, lr: baseLr, best: Infinity, wait: 0 };
}

/**
 * The learning rate for the epoch after `epoch` (1-based, of `epochs`), given that epoch's monitored value
 * (lower is better; NaN when there is no validation). Plateau: x0.5 after 2 epochs without improvement.
 * Cosine: from baseLr down to MIN_LR over the run.
 */
export function stepSchedule(state: ScheduleState, epoch: number, epochs: number, monitored: number): ScheduleState {
  if (state.kind === 'cosine') {
    const t = Math.min(epoch / Math.max(epochs, 1), 1);
    return { ...state, lr: MIN_LR + 0.5 * (state.baseLr - MIN_LR) * (1 + Math.cos(Math.PI * t)) };
  }
  if (state.kind === 'plateau' && Number.isFinite(monitored)) {
    if (monitored < state.best) return { ...state, best: monitored, wait: 0 };
    const wait = state.wait + 1;
    if (wait >= PLATEAU_PATIENCE) return { ...state, wait: 0, lr: Math.max(state.lr * PLATEAU_FACTOR, MIN_LR) };
    return { ...state, wait };
  }
  return state;
}
