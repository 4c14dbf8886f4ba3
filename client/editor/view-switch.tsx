export type TextView = 'compilation' | 'clean' | 'agreed';

const VIEWS: { value: TextView; label: string; title: string }[] = [
  { value: 'compilation', label: 'Compilation', title: 'The live text with every bracket and its delegation' },
  { value: 'clean', label: 'Clean', title: 'As if every pending amendment were accepted (of alternatives, the earliest)' },
  { value: 'agreed', label: 'Agreed text', title: 'As it stands if every pending amendment were rejected' },
];

/** Which text to read: the compilation one edits in, or one of the two read-only projections. */
export function ViewSwitch({ view, onChange }: { view: TextView; onChange: (view: TextView) => void }) {
  return (
    <span className="segmented" role="group" aria-label="Text view" data-testid="view-switch">
      {VIEWS.map((v) => (
        <button key={v.value} type="button" className="segmented__button" data-view={v.value} aria-pressed={view === v.value} title={v.title} onClick={() => onChange(v.value)}>
          {v.label}
        </button>
      ))}
    </span>
  );
}
