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
    this.#spacer.style.width = `${this.#left(model.cols)}px`;
    this.#spacer.style.height = `${(model.rows + 1) * ROW_HEIGHT}px`;
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

  #left(j: number): number {
    return this.#edges ? this.#edges[j]! : LABEL_WIDTH + j * COL_WIDTH;
  }

  #width(j: number): number {
    return this.#left(j + 1) - this.#left(j);
  }

  /** The column under content x-coordinate `x` (clamped to the columns there are). */
  #columnAt(x: number): number {
    const cols = this.#model?.cols ?? 0;
    if (!this.#edges) return Math.max(0, Math.min(cols, Math.floor((x - LABEL_WIDTH) / COL_WIDTH)));
    let j = 0;
    while (j < cols && this.#edges[j + 1]! <= x) j++;
    return j;
  }

  #render(): void {
    const m = this.#model;
    if (!m) return;
    const { scrollTop, scrollLeft, clientHeight, clientWidth } = this.#viewport;
    const r0 = Math.min(m.rows, Math.floor(scrollTop / ROW_HEIGHT));
    const r1 = Math.min(m.rows, r0 + Math.ceil(clientHeight / ROW_HEIGHT) + 1);
    const c0 = this.#columnAt(scrollLeft + LABEL_WIDTH);
    const c1 = Math.min(m.cols, this.#columnAt(scrollLeft + clientWidth) + 1);
    const cells: HTMLElement[] = [];
    const place = (cls: string, text: string, x: number, y: number, w: number) => {
      const cell = el("div", cls, text);
      cell.style.transform = `translate(${x}px, ${y}px)`;
      cell.style.width = `${w}px`;
      cell.title = text;
      cells.push(cell);
      return cell;
    };
    for (let i = r0; i < r1; i++) {
      const y = (i + 1) * ROW_HEIGHT;
      for (let j = c0; j < c1; j++) {
        place("grid-cell", m.cell(i, j), this.#left(j), y, this.#width(j)).dataset.cell = `${i},${j}`;
      }
      place("grid-cell grid-row-label", m.rowLabel(i), scrollLeft, y, LABEL_WIDTH);
    }
    for (let j = c0; j < c1; j++) {
      place("grid-cell grid-col-label", m.colLabel(j), this.#left(j), scrollTop, this.#width(j));
    }
    place("grid-cell grid-corner", "", scrollLeft, scrollTop, LABEL_WIDTH);
    this.#layer.replaceChildren(...cells);
  }
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
