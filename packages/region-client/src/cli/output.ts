/** Output of `unikorn-region`: JSON, or a plain text table of selected columns. */

/** Output format chosen with `--output`. */
export type OutputFormat = 'json' | 'table';

/** A column of a table: header and how to read the cell from a row. */
export interface Column<T> {
  readonly header: string;
  readonly value: (row: T) => unknown;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Renders rows as an aligned text table. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((column) => cell(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => value.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}

/** Renders `value` in `format`; a table needs `columns` and a list (a single object becomes one row). */
export function render<T>(format: OutputFormat, value: T | readonly T[], columns: readonly Column<T>[]): string {
  if (format === 'json') return JSON.stringify(value, null, 2);
  return renderTable(Array.isArray(value) ? value : [value as T], columns);
}
