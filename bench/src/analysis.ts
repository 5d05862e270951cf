/**
 * Hand-written findings per case (profiles, reading the package's code), printed under the case in
 * RESULTS.md. The numbers in RESULTS.md come from the run; this says what the numbers can't.
 */
export const analysis: Record<number, string> = {};
