/** Colormaps as evenly spaced stops (matplotlib's viridis, magma, and gray), expanded to 256 RGB entries. */
const STOPS: Record<string, string[]> = {
  viridis: ["440154", "482878", "3e4989", "31688e", "26828e", "1f9e89", "35b779", "6ece58", "fde725"],
  magma: ["000004", "1c1044", "4f127b", "812581", "b5367a", "e55064", "fb8761", "fec287", "fcfdbf"],
  gray: ["000000", "ffffff"],
};

export const COLORMAPS = Object.keys(STOPS);

/** 256 × RGB, index 0 for the minimum value and 255 for the maximum. */
export function colormapTable(name: string): Uint8Array {
  const stops = (STOPS[name] ?? STOPS.viridis!).map((h) =>
    [0, 2, 4].map((k) => Number.parseInt(h.slice(k, k + 2), 16)),
  );
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++)
      table[i * 3 + c] = Math.round(stops[k]![c]! * (1 - f) + stops[k + 1]![c]! * f);
  }
  return table;
}
