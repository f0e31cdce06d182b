export declare const SLOT: Readonly<{
  published: 0;
  consumed: 1;
  closed: 2;
  total: 3;
  state: 4;
  aborted: 5;
}>;
export declare const STATE: Readonly<{
  waiting: 0;
  running: 1;
  abandoned: 2;
  done: 3;
  failed: 4;
}>;
export declare const ROOT_OFFSET: 32;
export declare const CONTROL_BYTES: 64;
export declare const LAYOUT: Readonly<{
  header: number;
  lengths: number;
  verdicts: number;
  text: number;
  textBytes: number;
  slotBytes: number;
}>;
export declare const VERDICT: Readonly<{ ok: -2; unjudged: -1 }>;
