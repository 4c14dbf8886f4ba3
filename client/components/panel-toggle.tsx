interface PanelToggleProps {
  open: boolean;
  onToggle: () => void;
  children: string;
}

/** A side panel's title that folds and unfolds it, saying which it is to assistive technology. */
export function PanelToggle({ open, onToggle, children }: PanelToggleProps) {
  return (
    <button type="button" className="side-panel__toggle" aria-expanded={open} onClick={onToggle}>
      <span aria-hidden="true">{open ? '▾' : '▸'}</span> {children}
    </button>
  );
}
