/**
 * The header row of a data table in a card: one column header per label, the outer columns padded
 * to the card's edge (px-5) and the inner ones narrower (px-2).
 */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead className="text-xs text-slate-500">
      <tr>
        {columns.map((label, i) => (
          <th
            key={label}
            scope="col"
            className={`${i === 0 || i === columns.length - 1 ? 'px-5' : 'px-2'} py-2 font-medium`}
          >
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
