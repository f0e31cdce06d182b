import { useRef, useState, type KeyboardEvent } from 'react';
import { formatPercent } from '../../components/format.js';
import {
  cellDescription,
  cellText,
  type HeatColumn,
  type HeatMap as HeatMapData,
} from './compliance-data.js';

export interface HeatSelection {
  control: string;
  framework?: string;
}

/**
 * Controls × frameworks as a table of buttons: each cell carries its status word and how many
 * requirement results are met (colour is never the only carrier). One Tab stop: arrow keys,
 * Home and End move between cells; Enter or Space opens the cell's evidence.
 */
export function HeatMap({
  data,
  columns,
  selected,
  onSelect,
}: {
  data: HeatMapData;
  /** The columns shown (a subset of data.columns), in order. */
  columns: HeatColumn[];
  selected: HeatSelection | undefined;
  onSelect: (selection: HeatSelection) => void;
}) {
  const indexes = columns.map((c) => data.columns.findIndex((x) => x.id === c.id));
  const startRow = Math.max(
    0,
    data.rows.findIndex((r) => r.control === selected?.control),
  );
  const startCol = Math.max(
    0,
    columns.findIndex((c) => c.id === selected?.framework),
  );
  const [active, setActive] = useState<[number, number]>([startRow, startCol]);
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const row = Math.min(active[0], data.rows.length - 1);
  const col = Math.min(active[1], columns.length - 1);

  const move = (event: KeyboardEvent, r: number, c: number) => {
    let next: [number, number] | undefined;
    if (event.key === 'ArrowRight') next = [r, Math.min(columns.length - 1, c + 1)];
    if (event.key === 'ArrowLeft') next = [r, Math.max(0, c - 1)];
    if (event.key === 'ArrowDown') next = [Math.min(data.rows.length - 1, r + 1), c];
    if (event.key === 'ArrowUp') next = [Math.max(0, r - 1), c];
    if (event.key === 'Home') next = event.ctrlKey ? [0, 0] : [r, 0];
    if (event.key === 'End')
      next = event.ctrlKey ? [data.rows.length - 1, columns.length - 1] : [r, columns.length - 1];
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    cells.current.get(`${next[0]}:${next[1]}`)?.focus();
  };

  return (
    <div className="table-wrap heat-wrap">
      <table className="heat-map" aria-describedby="heat-legend heat-help">
        <caption className="visually-hidden">
          Compliance status of each control under each framework; each cell opens the evidence
        </caption>
        <thead>
          <tr>
            <th scope="col" className="heat-control-col">
              Control
            </th>
            <th scope="col" className="heat-effect-col">
              Met by
            </th>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="heat-col" title={`${c.name} (${c.version})`}>
                <span className="heat-col-name">{c.shortName}</span>
                <span className="heat-col-sub">
                  {c.models === 0
                    ? c.legalStatus === 'superseded' || c.legalStatus === 'scheduled'
                      ? c.legalStatus
                      : 'no model'
                    : `${c.models} ${c.models === 1 ? 'model' : 'models'}`}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r, ri) => {
            const applicable = r.counts.met + r.counts.partial + r.counts.gap;
            return (
              <tr key={r.control}>
                <th scope="row" className="heat-row-head">
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onSelect({ control: r.control })}
                    aria-pressed={
                      selected?.control === r.control && selected.framework === undefined
                    }
                  >
                    <span className="heat-control-id">{r.control}</span> {r.title}
                  </button>
                </th>
                <td className="heat-effect">
                  {r.effectiveness === null ? (
                    <span className="muted">n/a</span>
                  ) : (
                    <>
                      {r.counts.met}/{applicable}
                      <span className="muted small"> · {formatPercent(r.effectiveness, 0)}</span>
                    </>
                  )}
                </td>
                {columns.map((c, ci) => {
                  const cell = r.cells[indexes[ci]!]!;
                  const text = cellText(cell);
                  const isSelected = selected?.control === r.control && selected.framework === c.id;
                  return (
                    <td key={c.id} className="heat-td">
                      <button
                        ref={(el) => {
                          if (el === null) cells.current.delete(`${ri}:${ci}`);
                          else cells.current.set(`${ri}:${ci}`, el);
                        }}
                        type="button"
                        className={`heat-cell heat-${cell.status ?? 'none'}`}
                        tabIndex={ri === row && ci === col ? 0 : -1}
                        aria-pressed={isSelected}
                        aria-label={cellDescription(cell, r, c)}
                        title={cellDescription(cell, r, c)}
                        onFocus={() => setActive([ri, ci])}
                        onKeyDown={(e) => move(e, ri, ci)}
                        onClick={() => onSelect({ control: r.control, framework: c.id })}
                      >
                        <span className="heat-status">{text.status}</span>
                        {text.detail === '' ? null : (
                          <span className="heat-detail">{text.detail}</span>
                        )}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the colours and words of the heat map mean. */
export function HeatLegend() {
  return (
    <>
      <ul className="legend heat-legend" id="heat-legend" aria-label="Legend">
        <li>
          <span className="legend-swatch heat-met" aria-hidden="true" />
          met
        </li>
        <li>
          <span className="legend-swatch heat-partial" aria-hidden="true" />
          partial: falls short in part
        </li>
        <li>
          <span className="legend-swatch heat-gap" aria-hidden="true" />
          gap: a requirement is not met
        </li>
        <li>
          <span className="legend-swatch heat-not-applicable" aria-hidden="true" />
          n/a: not applicable (not in force, or reaches no model)
        </li>
        <li>
          <span className="legend-dash" aria-hidden="true">
            —
          </span>
          not mapped: no requirement of the framework relies on the control
        </li>
      </ul>
      <p className="hint" id="heat-help">
        A cell is the worst status among the framework’s requirements that rely on the control, over
        every model the framework reaches; “1/8 met” counts those requirement results. “Met by”
        counts the models that meet the control. Select a cell or a control to see its sub-controls
        and evidence; in the grid, arrow keys move between cells.
      </p>
    </>
  );
}
