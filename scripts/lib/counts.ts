/** Confusion counts of a binary attack / benign measurement, shared by the evaluation scripts. */
export interface Counts {
  pos: number;
  tp: number;
  neg: number;
  fp: number;
}

export const empty = (): Counts => ({ pos: 0, tp: 0, neg: 0, fp: 0 });

export function add(c: Counts, attack: boolean, flagged: boolean): void {
  if (attack) {
    c.pos++;
    if (flagged) c.tp++;
  } else {
    c.neg++;
    if (flagged) c.fp++;
  }
}
