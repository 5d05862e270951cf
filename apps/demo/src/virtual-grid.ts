/** What a {@link VirtualGrid} shows: any number of rows and columns, produced on demand. */
export interface GridModel {
  rows: number;
  cols: number;
  rowLabel(i: number): string;
  colLabel(j: number): string;
  cell(i: number, j: number): string;
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
    this.#spacer.style.width = `${LABEL_WIDTH + model.cols * COL_WIDTH}px`;
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

  #render(): void {
    const m = this.#model;
    if (!m) return;
    const { scrollTop, scrollLeft, clientHeight, clientWidth } = this.#viewport;
    const r0 = Math.min(m.rows, Math.floor(scrollTop / ROW_HEIGHT));
    const r1 = Math.min(m.rows, r0 + Math.ceil(clientHeight / ROW_HEIGHT) + 1);
    const c0 = Math.min(m.cols, Math.floor(scrollLeft / COL_WIDTH));
    const c1 = Math.min(m.cols, c0 + Math.ceil(clientWidth / COL_WIDTH) + 1);
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
        place("grid-cell", m.cell(i, j), LABEL_WIDTH + j * COL_WIDTH, y, COL_WIDTH).dataset.cell =
          `${i},${j}`;
      }
      place("grid-cell grid-row-label", m.rowLabel(i), scrollLeft, y, LABEL_WIDTH);
    }
    for (let j = c0; j < c1; j++) {
      place("grid-cell grid-col-label", m.colLabel(j), LABEL_WIDTH + j * COL_WIDTH, scrollTop, COL_WIDTH);
    }
    place("grid-cell grid-corner", "", scrollLeft, scrollTop, LABEL_WIDTH);
    this.#layer.replaceChildren(...cells);
  }
}

function el(tag: string, cls: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
