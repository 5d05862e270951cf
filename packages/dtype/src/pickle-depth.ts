import type { PickleValue } from "./dtype.js";
import { NpyError } from "./npy-error.js";

/** The values a container holds; none for leaves (numbers, strings, bytes, numeric arrays). */
function childrenOf(value: PickleValue): PickleValue[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  if (value instanceof Set) return [...value];
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return undefined;
  if ("data" in value && Array.isArray(value.data)) return value.data;
  if ("global" in value) {
    const parts = [value.args ?? null, value.kwargs ?? null, value.state ?? null];
    return parts.some((p) => p !== null) ? parts : undefined;
  }
  return undefined;
}

/**
 * Refuses a result nested deeper than `maxDepth` containers (`LIMIT_EXCEEDED`), so that whoever walks
 * it recursively (a printer, JSON.stringify) stays within its stack. Iterative, each container
 * visited once; a reference back to a container being walked (a list that holds itself) is a cycle,
 * not depth, and is not followed.
 */
export function checkDepth(root: PickleValue, maxDepth: number): void {
  const done = new Map<object, number>();
  const open = new Set<object>();
  const frames: { node: object; children: PickleValue[]; next: number; depth: number }[] = [];
  const enter = (value: PickleValue): void => {
    const children = childrenOf(value);
    if (children === undefined) return;
    const node = value as object;
    if (done.has(node) || open.has(node)) return;
    if (frames.length >= maxDepth) {
      throw new NpyError(
        "LIMIT_EXCEEDED",
        `the pickle nests containers more than ${maxDepth} deep (maxDepth); raise maxDepth if the data really is this deep`,
      );
    }
    open.add(node);
    frames.push({ node, children, next: 0, depth: 1 });
  };
  enter(root);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++]!;
      const known = typeof child === "object" && child !== null ? done.get(child) : undefined;
      if (known !== undefined) frame.depth = Math.max(frame.depth, known + 1);
      else enter(child);
      continue;
    }
    frames.pop();
    open.delete(frame.node);
    if (frame.depth > maxDepth) {
      throw new NpyError(
        "LIMIT_EXCEEDED",
        `the pickle nests containers ${frame.depth} deep, more than ${maxDepth} (maxDepth); raise maxDepth if the data really is this deep`,
      );
    }
    done.set(frame.node, frame.depth);
    const parent = frames[frames.length - 1];
    if (parent) parent.depth = Math.max(parent.depth, frame.depth + 1);
  }
}
