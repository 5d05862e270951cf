/** What a {@link VirtualGrid} shows: any number of rows and columns, produced on demand. */
export interface GridModel {
  rows: number;
  cols: number;
  rowLabel(i: number): string;
  colLabel(j: number): string;
  cell(i: number, j: number): string;
  /** Pixel width of each column, for a few columns of different kinds; default 120 each. */
  widths?: number[];
}

const ROW_HEIGHT = 24;
const COL_WIDTH = 120;
const LABEL_WIDTH = 80;
// browsers cap an element's size (Chrome near 33.5 million pixels): past this the scroll position is
// mapped proportionally onto the rows, so a hundred-million-row array still scrolls end to end
const MAX_EXTENT = 10_000_000;

/**
 * A table that renders only the cells in view, so a million-row array scrolls as fast as a short one.
 * The header row and the row labels stay in place while the body scrolls.
 */
export class VirtualGrid {
  readonly #viewport: HTMLElement;
  readonly #spacer: HTMLElement;
  readonly #layer: HTMLElement;
  #model: GridModel | undefined;
  /** Left edge of each column and the right edge of the last, when widths vary. */
  #edges: number[] | undefined;
  #frame = 0;

  constructor(host: HTMLElement) {
    host.replaceChildren();
    this.#viewport = el("div", "grid-viewport");
    this.#spacer = el("div", "grid-spacer");
    this.#layer = el("div", "grid-layer");
    this.#viewport.append(this.#spacer, this.#layer);
    host.append(this.#viewport);
    this.#viewport.addEventListener("scroll", () => this.#schedule(), { passive: true });
    new ResizeObserver(() => this.#schedule()).observe(this.#viewport);
  }

  set model(model: GridModel) {
    this.#model = model;
    this.#edges = model.widths && edges(LABEL_WIDTH, model.widths);
    const width = this.#edges
      ? this.#edges[model.cols]!
      : LABEL_WIDTH + Math.min(MAX_EXTENT, model.cols * COL_WIDTH);
    this.#spacer.style.width = `${width}px`;
    this.#spacer.style.height = `${ROW_HEIGHT + Math.min(MAX_EXTENT, model.rows * ROW_HEIGHT)}px`;
    this.#viewport.scrollTo(0, 0);
    this.#render();
  }

  #schedule(): void {
    if (this.#frame === 0) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.#render();
      });
    }
  }

  /** The columns in view: measured ones from their edges, equal ones like the rows. */
  #columns(m: GridModel, scrollLeft: number, clientWidth: number): Span {
    const edges = this.#edges;
    if (!edges) return span(scrollLeft, clientWidth, m.cols, COL_WIDTH, LABEL_WIDTH);
    let from = 0;
    while (from < m.cols && edges[from + 1]! <= scrollLeft + LABEL_WIDTH) from++;
    let to = from;
    while (to < m.cols && edges[to]! < scrollLeft + clientWidth) to++;
    return { from, to, at: (j) => edges[j]!, size: (j) => edges[j + 1]! - edges[j]! };
  }

  #render(): void {
    const m = this.#model;
    if (!m) return;
    const { scrollTop, scrollLeft, clientHeight, clientWidth } = this.#viewport;
    const rows = span(scrollTop, clientHeight, m.rows, ROW_HEIGHT, ROW_HEIGHT);
    const cols = this.#columns(m, scrollLeft, clientWidth);
    const cells: HTMLElement[] = [];
    const place = (cls: string, text: string, x: number, y: number, w: number) => {
      const cell = el("div", cls, text);
      cell.style.transform = `translate(${x}px, ${y}px)`;
      cell.style.width = `${w}px`;
      cell.title = text;
      cells.push(cell);
      return cell;
    };
    for (let i = rows.from; i < rows.to; i++) {
      const y = rows.at(i);
      for (let j = cols.from; j < cols.to; j++) {
        place("grid-cell", m.cell(i, j), cols.at(j), y, cols.size(j)).dataset.cell = `${i},${j}`;
      }
      place("grid-cell grid-row-label", m.rowLabel(i), scrollLeft, y, LABEL_WIDTH);
    }
    for (let j = cols.from; j < cols.to; j++) {
      place("grid-cell grid-col-label", m.colLabel(j), cols.at(j), scrollTop, cols.size(j));
    }
    place("grid-cell grid-corner", "", scrollLeft, scrollTop, LABEL_WIDTH);
    this.#layer.replaceChildren(...cells);
  }
}

/** Items [from, to) of an axis in view, where item k is drawn (content coordinates) and its size. */
interface Span {
  from: number;
  to: number;
  at(k: number): number;
  size(k: number): number;
}

/**
 * The items in view along an axis of `count` equal items of `size` pixels after a `lead` (the header
 * row or the label column). Within MAX_EXTENT an item sits at its natural place; beyond, the scroll
 * fraction picks the first item and the items in view are drawn from the top of the viewport.
 */
function span(scroll: number, client: number, count: number, size: number, lead: number): Span {
  const inView = Math.max(1, (client - lead) / size);
  const extent = count * size;
  const first =
    extent <= MAX_EXTENT
      ? scroll / size
      : (scroll / Math.max(1, MAX_EXTENT - (client - lead))) * Math.max(0, count - inView);
  const from = Math.max(0, Math.min(count, Math.floor(first)));
  const to = Math.min(count, from + Math.ceil(inView) + 1);
  return { from, to, at: (k) => scroll + lead + (k - first) * size, size: () => size };
}

/** Running sums: where each column starts, then where the last one ends. */
function edges(start: number, widths: number[]): number[] {
  const out = [start];
  for (const w of widths) out.push(out[out.length - 1]! + w);
  return out;
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
