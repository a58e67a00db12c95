/**
 * Units of technical parameters and their conversion: L / m³ / mL, m² / cm²,
 * L/h / m³/h … A value converts only between units of the same dimension. Pure.
 */

interface UnitDef {
  dimension: string;
  /** Factor to the dimension's base unit. */
  factor: number;
}

const UNITS: Record<string, UnitDef> = {};
function define(dimension: string, factor: number, ...names: string[]) {
  for (const n of names) UNITS[n.toLowerCase()] = { dimension, factor };
}
define('volume', 1, 'L', 'l', 'litre', 'litres', 'liter', 'liters', 'dm3', 'dm³');
define('volume', 1e-3, 'mL', 'ml', 'cm3', 'cm³', 'cc');
define('volume', 1e-6, 'µL', 'uL', 'μL');
define('volume', 1000, 'm3', 'm³', 'cubic metre', 'cubic meter');
define('area', 1, 'm2', 'm²', 'square metre', 'square meter');
define('area', 1e-4, 'cm2', 'cm²');
define('area', 1e-6, 'mm2', 'mm²');
define('flow', 1, 'L/h', 'l/h', 'L/hr', 'dm3/h');
define('flow', 1000, 'm3/h', 'm³/h');
define('flow', 60, 'L/min', 'l/min');
define('flow', 3600, 'L/s', 'l/s');
define('flow', 1e-3, 'mL/h', 'ml/h');
define('flow', 0.06, 'mL/min', 'ml/min');
define('mass-rate', 1, 'kg/24h', 'kg/day', 'kg/d');
define('mass-rate', 24, 'kg/h');
define('length', 1, 'µm', 'um', 'μm', 'micron', 'microns');
define('length', 1e-3, 'nm');
define('length', 1000, 'mm');
define('sequence', 1, 'nt', 'bp', 'b');
define('sequence', 1000, 'kb', 'kbp', 'knt');
define('amount', 1, 'mmol');
define('amount', 1e-3, 'µmol', 'umol', 'μmol');
define('amount', 1000, 'mol');
define('percent', 1, '%', 'percent');
define('count', 1, '', 'count', 'channels', 'detectors', 'animals', 'parameters');

function lookup(unit: string | null | undefined): UnitDef | undefined {
  return UNITS[(unit ?? '').trim().toLowerCase()];
}

/** True when Accord knows the unit. */
export function knownUnit(unit: string | null | undefined): boolean {
  return lookup(unit) !== undefined;
}

/** `value` in `from` expressed in `to`; null when the units do not convert into each other. */
export function convert(value: number, from: string | null | undefined, to: string | null | undefined): number | null {
  const a = lookup(from);
  const b = lookup(to);
  if (!a || !b || a.dimension !== b.dimension) return null;
  const v = (value * a.factor) / b.factor;
  return Math.round(v * 1e9) / 1e9;
}
