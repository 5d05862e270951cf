import { type NpyArray, reprDescr, save, saveNpz } from "npyio";
import { COLORMAPS } from "./colormap.js";
import { CancelledError, DecodeClient, OpenError } from "./decode-client.js";
import { describeDType } from "./descr-words.js";
import { type Column, columnsOf, formatBytes, formatShape, product, strides } from "./format.js";
import { drawHeatmap, drawsEveryElement } from "./heatmap.js";
import { histogramPlot, linePlot } from "./plots.js";
import type { Entry, Opened, OpenSource } from "./protocol.js";
import { numericData } from "./stats.js";
import { VirtualGrid } from "./virtual-grid.js";

const $ = <T extends HTMLElement = HTMLElement>(selector: string): T => {
  const node = document.querySelector<T>(selector);
  if (!node) throw new Error(`missing ${selector}`);
  return node;
};
const byId = <T extends HTMLElement = HTMLElement>(testId: string) => $<T>(`[data-testid="${testId}"]`);

const client = new DecodeClient();
const grid = new VirtualGrid(byId("table"));
let current: { id: number } | undefined;
let opened: Opened | undefined;
let entry: Entry | undefined;
/** Indices along the leading axes the table and heatmap are sliced at. */
let slice: number[] = [];

// ---- opening -------------------------------------------------------------------------------------

function open(source: OpenSource, label: string): void {
  if (current) client.cancel(current.id);
  const progress = byId<HTMLProgressElement>("progress");
  const text = byId("progress-text");
  $("#progress").hidden = false;
  progress.removeAttribute("value");
  text.textContent = `opening ${label}…`;
  setStatus("");
  const request = client.open(source, (loaded, total) => {
    if (total) progress.value = loaded / total;
    text.textContent = `${formatBytes(loaded)}${total ? ` / ${formatBytes(total)}` : ""}`;
    progress.dataset.loaded = String(loaded);
  });
  current = request;
  request.done.then(
    (result) => {
      if (!finish(request)) return;
      show(result);
      const where = {
        rows: "rows read over HTTP (Range requests, or the file's start where the server ignores Range)",
        npy: "decoded in a Web Worker",
        npz: "decoded in a Web Worker",
      }[result.kind];
      setStatus(`${result.name}: ${where} in ${Math.round(result.millis)} ms`);
    },
    (err: unknown) => {
      if (!finish(request)) return;
      if (err instanceof CancelledError) {
        setStatus(`Cancelled loading ${label}.`);
        return;
      }
      // what was on screen belongs to an earlier file: the error must not sit above it as if it were its own
      clearDoc();
      if (!(err instanceof OpenError)) setStatus(String(err), true);
      else {
        setStatus(err.code ? `${err.code}: ${err.message}` : err.message, true);
        if (err.action) offer(err.action.label, () => open(err.action!.source, label));
      }
    },
  );
}

/** Ends `request` if it is still the current one (a newer open replaces it) and hides the progress bar. */
function finish(request: { id: number }): boolean {
  if (current !== request) return false;
  current = undefined;
  $("#progress").hidden = true;
  return true;
}

function setStatus(text: string, error = false): void {
  const status = byId("status");
  status.textContent = text;
  status.classList.toggle("error", error);
  byId("status-action").hidden = true;
}

/** A button under the status line that does what the message suggests. */
function offer(label: string, action: () => void): void {
  const button = byId<HTMLButtonElement>("status-action");
  button.textContent = label;
  button.hidden = false;
  button.onclick = () => {
    button.hidden = true;
    action();
  };
}

function clearDoc(): void {
  $("#doc").hidden = true;
  opened = undefined;
  entry = undefined;
}

byId("cancel").addEventListener("click", () => {
  if (current) client.cancel(current.id);
});

for (const button of document.querySelectorAll<HTMLButtonElement>("[data-sample]")) {
  button.addEventListener("click", () => {
    const name = button.dataset.sample!;
    open({ kind: "url", url: sampleUrl(name) }, name);
  });
}

function sampleUrl(name: string): string {
  return new URL(`${import.meta.env.BASE_URL}samples/${name}`, location.href).href;
}

$<HTMLInputElement>("#file").addEventListener("change", (event) => {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  if (file) open({ kind: "file", file }, file.name);
  input.value = "";
});

$("#url-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = $<HTMLInputElement>("#url").value.trim();
  if (url) open({ kind: "url", url: new URL(url, location.href).href }, url);
});

$("#rows-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const url = $<HTMLInputElement>("#url").value.trim();
  if (!url) {
    setStatus(
      "Enter the URL of a .npy file first; only its header and the rows asked for are fetched.",
      true,
    );
    return;
  }
  const start = Number($<HTMLInputElement>("#rows-start").value);
  const end = Number($<HTMLInputElement>("#rows-end").value);
  open({ kind: "rows", url: new URL(url, location.href).href, start, end }, `rows ${start}–${end} of ${url}`);
});

const overlay = $(".drop-overlay");
document.addEventListener("dragover", (event) => {
  event.preventDefault();
  overlay.hidden = false;
});
document.addEventListener("dragleave", (event) => {
  if (event.relatedTarget === null) overlay.hidden = true;
});
document.addEventListener("drop", (event) => {
  event.preventDefault();
  overlay.hidden = true;
  const file = event.dataTransfer?.files[0];
  if (file) open({ kind: "file", file }, file.name);
});

// ---- showing ---------------------------------------------------------------------------------------

function show(result: Opened): void {
  opened = result;
  $("#doc").hidden = false;
  byId("doc-name").textContent = result.name;
  const size = result.size === undefined ? "" : `, ${formatBytes(result.size)}`;
  const members = `${result.entries.length} member${result.entries.length === 1 ? "" : "s"}`;
  byId("doc-summary").textContent = {
    npz: `npz archive, ${members}${size}`,
    rows: `remote .npy${size}, rows read over HTTP`,
    npy: `.npy file${size}`,
  }[result.kind];
  const list = byId("members");
  list.replaceChildren(
    ...result.entries.map((e, k) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.member = e.name;
      button.innerHTML = `<strong></strong> <span class="muted"></span>`;
      button.querySelector("strong")!.textContent = e.name;
      button.querySelector("span")!.textContent = `${formatShape(e.shape)} ${shortDescr(e.descr)}`;
      button.addEventListener("click", () => select(k));
      item.append(button);
      return item;
    }),
  );
  byId("members").hidden = result.kind !== "npz";
  select(0);
}

function shortDescr(descr: unknown): string {
  return typeof descr === "string" ? descr : "record";
}

function select(k: number): void {
  if (!opened) return;
  entry = opened.entries[k];
  if (!entry) return;
  for (const button of byId("members").querySelectorAll<HTMLButtonElement>("button")) {
    button.classList.toggle("selected", button.dataset.member === entry.name);
  }
  const e = entry;
  byId("entry-name").textContent = e.name;
  byId("fact-dtype").textContent = describeDType(e.dtype);
  byId("fact-descr").textContent = reprDescr(e.descr);
  byId("fact-shape").textContent =
    formatShape(e.shape) +
    (e.rows ? ` (rows ${e.rows.start}–${e.rows.end} of ${formatShape(e.rows.fullShape)})` : "");
  byId("fact-order").textContent = e.fortranOrder ? "Fortran (column-major)" : "C (row-major)";
  byId("fact-version").textContent =
    `.npy version ${e.version}${e.dataOffset ? `, data at byte ${e.dataOffset}` : ""}`;
  const count = product(e.shape);
  byId("fact-bytes").textContent =
    `${formatBytes(count * e.dtype.itemsize)} of data (${count.toLocaleString("en-US")} × ${e.dtype.itemsize} bytes)`;
  slice = new Array(leadingAxes(e)).fill(0);
  renderSliceControls(e);
  renderViews();
}

/** How many leading axes are fixed by the slice controls: all but the last two (one for records). */
function leadingAxes(e: Entry): number {
  return Math.max(0, e.shape.length - (e.dtype.kind === "struct" ? 1 : 2));
}

function renderSliceControls(e: Entry): void {
  const host = byId("slice");
  host.replaceChildren();
  if (slice.length === 0) return;
  const label = document.createElement("span");
  label.textContent = "slice at";
  host.append(label);
  slice.forEach((_, axis) => {
    const input = document.createElement("input");
    input.type = "number";
    input.min = "0";
    input.max = String(e.shape[axis]! - 1);
    input.value = "0";
    input.dataset.axis = String(axis);
    input.setAttribute("aria-label", `index along axis ${axis}`);
    input.addEventListener("input", () => {
      const v = Math.max(0, Math.min(e.shape[axis]! - 1, Math.trunc(Number(input.value)) || 0));
      slice[axis] = v;
      renderViews();
    });
    const wrap = document.createElement("label");
    // rows read by Range: axis 0 counts from the first row read, the file's own index is said beside it
    const fileRows = axis === 0 && e.rows ? ` (rows ${e.rows.start}–${e.rows.end} of the file)` : "";
    wrap.append(`axis ${axis} `, input, ` of ${e.shape[axis]}${fileRows}`);
    host.append(wrap);
  });
  const rest = document.createElement("span");
  rest.className = "muted";
  rest.textContent = `and all of the last ${e.shape.length - slice.length === 1 ? "axis" : `${e.shape.length - slice.length} axes`}`;
  host.append(rest);
}

/** The slice being shown: a rows × cols view of the data, and where element (i, j) sits in the file order. */
function sliceView(e: Entry): { rows: number; cols: number; flat(i: number, j: number): number } {
  const st = strides(e.shape, e.fortranOrder);
  const base = slice.reduce((acc, idx, axis) => acc + idx * st[axis]!, 0);
  const n = e.shape.length;
  const isStruct = e.dtype.kind === "struct";
  if (n === 0) return { rows: 1, cols: 1, flat: () => 0 };
  if (n === 1 || isStruct) {
    const s = st[n - 1]!;
    return { rows: e.shape[n - 1]!, cols: 1, flat: (i) => base + i * s };
  }
  const sr = st[n - 2]!;
  const sc = st[n - 1]!;
  return { rows: e.shape[n - 2]!, cols: e.shape[n - 1]!, flat: (i, j) => base + i * sr + j * sc };
}

function renderViews(): void {
  const e = entry;
  if (!e) return;
  const view = sliceView(e);
  const count = product(e.shape);
  const numbers = count > 0 ? numericData(e.dtype.kind, e.data) : undefined;
  const isStruct = e.dtype.kind === "struct";
  const firstRow = e.rows?.start ?? 0;
  // an empty array has nothing to draw: say so instead of an empty (or one-colour) picture
  const empty = byId("empty-note");
  empty.hidden = count > 0;
  empty.textContent = count > 0 ? "" : `This array has no elements: shape ${formatShape(e.shape)}.`;

  // table
  if (isStruct || e.shape.length <= 1) {
    const columns: Column[] = columnsOf(e.dtype, e.data);
    grid.model = {
      rows: view.rows,
      cols: columns.length,
      rowLabel: (i) => String(e.shape.length === 1 ? firstRow + i : i),
      colLabel: (j) => columns[j]!.label,
      cell: (i, j) => columns[j]!.text(view.flat(i, 0)),
      widths: columns.map((c) => fitWidth(c.label, view.rows, (i) => c.text(view.flat(i, 0)))),
    };
  } else {
    const text = columnsOf(e.dtype, e.data)[0]!.text;
    grid.model = {
      rows: view.rows,
      cols: view.cols,
      // rows read by Range are labelled with their index in the file
      rowLabel: (i) => String(slice.length === 0 ? firstRow + i : i),
      colLabel: String,
      cell: (i, j) => text(view.flat(i, j)),
    };
  }

  // heatmap: 2-D (or a 2-D slice of n-d) numeric
  const heat = numbers !== undefined && e.shape.length >= 2;
  $("[data-view=heatmap]").hidden = !heat;
  if (heat) {
    const value = (i: number, j: number) => Number(numbers[view.flat(i, j)]);
    const every = drawsEveryElement(view.rows, view.cols);
    // a sampled picture still gets the range of every value: the worker's for a whole 2-D array,
    // else one pass over the slice
    const range = every
      ? undefined
      : slice.length === 0 && e.stats
        ? e.stats
        : sliceRange(view.rows, view.cols, value);
    drawHeatmap(
      byId<HTMLCanvasElement>("heatmap"),
      byId<HTMLCanvasElement>("scale"),
      byId("scale-labels"),
      { rows: view.rows, cols: view.cols, value },
      byId<HTMLSelectElement>("colormap").value,
      range,
    );
    const shown = (view.rows * view.cols).toLocaleString("en-US");
    byId("scale-note").textContent = `colour scale: the finite values of all ${shown} elements${
      every ? "" : "; the picture samples them"
    }`;
  }

  // line: 1-D numeric, points chosen by the worker
  $("[data-view=line]").hidden = e.line === undefined;
  if (e.line) linePlot(byId("line"), e.line);

  // histogram over the whole array, computed by the worker
  $("[data-view=histogram]").hidden = e.stats === undefined;
  if (e.stats) {
    histogramPlot(byId("histogram"), e.stats);
    const left = [e.stats.nan ? `${e.stats.nan} NaN` : "", e.stats.inf ? `${e.stats.inf} ±inf` : ""].filter(
      Boolean,
    );
    byId("hist-note").textContent = `all ${count.toLocaleString("en-US")} values${
      left.length ? `, ${left.join(" and ")} left out` : ""
    }`;
  }
}

/** The smallest and largest finite value of a rows × cols slice. */
function sliceRange(rows: number, cols: number, value: (i: number, j: number) => number) {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = value(i, j);
      if (v < min && v !== Number.NEGATIVE_INFINITY) min = v;
      if (v > max && v !== Number.POSITIVE_INFINITY) max = v;
    }
  }
  return { min, max };
}

/** A column width that fits its label and its first and last 50 values, within 70 to 360 pixels. */
function fitWidth(label: string, rows: number, text: (i: number) => string): number {
  let chars = label.length;
  for (let i = 0; i < Math.min(rows, 50); i++)
    chars = Math.max(chars, text(i).length, text(rows - 1 - i).length);
  return Math.max(70, Math.min(360, Math.round(chars * 8.2 + 24)));
}

const colormapSelect = byId<HTMLSelectElement>("colormap");
colormapSelect.replaceChildren(
  ...COLORMAPS.map((name) => {
    const option = document.createElement("option");
    option.value = option.textContent = name;
    return option;
  }),
);
colormapSelect.addEventListener("change", renderViews);

// ---- saving ---------------------------------------------------------------------------------------

const stem = (name: string) => name.replace(/\.(npy|npz)$/i, "");

function toArray(e: Entry): NpyArray {
  return { dtype: e.dtype, shape: e.shape, fortranOrder: e.fortranOrder, data: e.data };
}

byId("save-npy").addEventListener("click", () => {
  if (!entry) return;
  guard(() => download(save(toArray(entry!)), `${stem(entry!.name)}.npy`));
});

byId("save-npz").addEventListener("click", () => {
  if (!opened) return;
  const o = opened;
  guard(() => {
    const arrays = new Map(o.entries.map((e) => [stem(e.name), toArray(e)]));
    download(saveNpz(arrays), `${stem(o.name)}.npz`);
  });
});

function guard(action: () => void): void {
  try {
    action();
  } catch (err) {
    setStatus(`Could not save: ${err instanceof Error ? err.message : String(err)}`, true);
  }
}

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`Saved ${name} (${formatBytes(bytes.length)}).`);
}

// open a sample from the address bar: /?sample=image.npy
const requested = new URLSearchParams(location.search).get("sample");
if (requested) open({ kind: "url", url: sampleUrl(requested) }, requested);
