// Checks the shape of a condition by hand, so each fault names its exact path instead of a union's noise.

export interface Fault {
  /** JSON path of the fault in the document, e.g. `categories[3].questions[2].when.q`. */
  path: string;
  /** Stable code the admin view translates, e.g. `condition.forward_reference`. */
  code: string;
  message: string;
}

const OPERATORS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'answered']);
const QUESTION_ID = /^[a-z][a-z0-9_]*$/;
const MAX_DEPTH = 12;
const MAX_ITEMS = 20;

const isScalar = (v: unknown) =>
  typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Faults in the shape of a condition at `path`; none means it is a well-formed `Condition`. */
export function conditionShapeFaults(value: unknown, path: string, depth = 0): Fault[] {
  const fault = (at: string, message: string): Fault => ({ path: at, code: 'condition.invalid', message });
  if (!isRecord(value)) return [fault(path, 'A condition is an object with q, all, any or not')];
  if (depth >= MAX_DEPTH) return [fault(path, `Conditions nest at most ${MAX_DEPTH} deep`)];
  const keys = Object.keys(value);
  for (const group of ['all', 'any'] as const) {
    if (!(group in value)) continue;
    const extra = keys.filter((k) => k !== group);
    if (extra.length > 0) return extra.map((k) => fault(`${path}.${k}`, `Unexpected ${k} beside ${group}`));
    const items = value[group];
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
      return [fault(`${path}.${group}`, `${group} is a list of 1 to ${MAX_ITEMS} conditions`)];
    }
    return items.flatMap((item, i) => conditionShapeFaults(item, `${path}.${group}[${i}]`, depth + 1));
  }
  if ('not' in value) {
    const extra = keys.filter((k) => k !== 'not');
    if (extra.length > 0) return extra.map((k) => fault(`${path}.${k}`, `Unexpected ${k} beside not`));
    return conditionShapeFaults(value.not, `${path}.not`, depth + 1);
  }
  if (!('q' in value)) return [fault(path, 'A condition is an object with q, all, any or not')];
  const faults: Fault[] = [];
  if (typeof value.q !== 'string' || !QUESTION_ID.test(value.q)) {
    faults.push(fault(`${path}.q`, 'q is the id of a question'));
  }
  const ops = keys.filter((k) => OPERATORS.has(k));
  for (const k of keys) {
    if (k !== 'q' && !OPERATORS.has(k)) faults.push(fault(`${path}.${k}`, `Unknown operator ${k}`));
  }
  if (ops.length !== 1) {
    faults.push(fault(path, 'A comparison has exactly one of eq, ne, gt, gte, lt, lte, in, answered'));
    return faults;
  }
  const op = ops[0]!;
  const operand = value[op];
  const at = `${path}.${op}`;
  if (op === 'eq' || op === 'ne') {
    if (!isScalar(operand)) faults.push(fault(at, `${op} compares with a boolean, number or text`));
  } else if (op === 'in') {
    if (!Array.isArray(operand) || operand.length === 0 || operand.length > 50) {
      faults.push(fault(at, 'in is a list of 1 to 50 values'));
    } else {
      operand.forEach((v, i) => {
        if (!isScalar(v)) faults.push(fault(`${at}[${i}]`, 'in lists booleans, numbers or texts'));
      });
    }
  } else if (op === 'answered') {
    if (typeof operand !== 'boolean') faults.push(fault(at, 'answered is true or false'));
  } else if (typeof operand !== 'number' || !Number.isFinite(operand)) {
    faults.push(fault(at, `${op} compares with a number`));
  }
  return faults;
}
