/** Kubernetes resource quantities (`"500m"`, `"1"`, `"512Mi"`, `"1Gi"`, `"1G"`, `"1e3"`). */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** The value of a quantity in base units (cores, bytes), or null when the text is not a quantity. */
export function parseQuantity(text: string): number | null {
  const match = QUANTITY.exec(text.trim());
  if (!match) return null;
  const [, number, suffix, exponent] = match;
  const value = Number(number);
  if (!Number.isFinite(value)) return null;
  if (exponent !== undefined) return value * 10 ** Number(exponent);
  const factor = suffix === undefined ? 1 : (BINARY[suffix] ?? DECIMAL[suffix]);
  return factor === undefined ? null : value * factor;
}

/** Whether the text is a valid, non-negative quantity. */
export function isQuantity(text: string): boolean {
  const value = parseQuantity(text);
  return value !== null && value >= 0;
}

/** CPU in millicores (`"500m"` → 500, `"2"` → 2000). Throws on an invalid quantity. */
export function parseCpuMillis(text: string): number {
  const value = parseQuantity(text);
  if (value === null || value < 0) throw new RangeError(`"${text}" is not a CPU quantity`);
  return Math.ceil(value * 1000 - 1e-9);
}

/** Memory in bytes (`"512Mi"` → 536870912, `"1G"` → 1e9). Throws on an invalid quantity. */
export function parseMemoryBytes(text: string): number {
  const value = parseQuantity(text);
  if (value === null || value < 0) throw new RangeError(`"${text}" is not a memory quantity`);
  return Math.ceil(value - 1e-9);
}

/** Millicores as a readable quantity: 1500 → `"1500m"`, 2000 → `"2"`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes as the largest exact binary unit: 1073741824 → `"1Gi"`, 1536 Mi → `"1536Mi"`. */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    const factor = BINARY[unit] as number;
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}
